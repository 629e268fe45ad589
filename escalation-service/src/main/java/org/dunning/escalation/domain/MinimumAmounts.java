package org.dunning.escalation.domain;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * R8.3: per currency, the outstanding amount below which a tenant reminds nothing. It is applied at firing to what is
 * open then, so a partial payment can take an invoice below it: its step is skipped with the reason, and a group or
 * an overview leaves it out.
 */
public record MinimumAmounts(Map<String, BigDecimal> byCurrency) {

    public static final MinimumAmounts NONE = new MinimumAmounts(Map.of());

    public MinimumAmounts {
        byCurrency = byCurrency == null ? Map.of() : Map.copyOf(byCurrency);
    }

    /** Why the invoice is not reminded for its amount, or empty when it is at or above its currency's minimum. */
    public Optional<String> below(InvoiceFacts invoice) {
        BigDecimal minimum = byCurrency.get(invoice.currency());
        if (minimum == null || invoice.outstanding().compareTo(minimum) >= 0) {
            return Optional.empty();
        }
        BigDecimal open = invoice.outstanding().stripTrailingZeros();
        open = open.setScale(Math.max(minimum.scale(), Math.max(0, open.scale())));
        return Optional.of("the outstanding " + open.toPlainString() + " " + invoice.currency()
                + " is below the tenant's minimum of " + minimum.toPlainString() + " " + invoice.currency());
    }

    /** The candidates of a check that are at or above their minimum. */
    public List<GroupRules.Candidate> reminded(List<GroupRules.Candidate> candidates) {
        return byCurrency.isEmpty() ? candidates
                : candidates.stream().filter(c -> below(c.invoice()).isEmpty()).toList();
    }

    /** The numbers of the open, switched-on invoices a check leaves out for their amount. */
    public List<String> leftOut(List<GroupRules.Candidate> candidates) {
        return candidates.stream().filter(c -> c.switchedOn() && c.invoice().blockedBecause() == null
                && below(c.invoice()).isPresent()).map(c -> c.invoice().number()).toList();
    }
}
