package org.dunning.templates;

import org.dunning.contract.PlanEvents;
import org.dunning.contract.PostalAddress;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns {@link MessageData} into the values the placeholders of {@link Placeholders#ROOT} stand for, formatted for
 * the message's language. Every placeholder is present (empty text when there is nothing to say), so a template
 * that passed {@link TemplateRenderer#check} always renders.
 */
public final class MessageModel {

    public static Map<String, Object> of(MessageData d) {
        Formats f = Formats.forLanguage(d.language());
        List<Map<String, Object>> invoices = new ArrayList<>();
        Map<String, BigDecimal> outstanding = new TreeMap<>();
        Map<String, BigDecimal> fees = new TreeMap<>();
        Map<String, BigDecimal> interest = new TreeMap<>();
        boolean charged = false;
        for (MessageData.InvoiceLine i : d.invoices()) {
            LateCharges.Charge c = LateCharges.of(d.charges(), i.currency(), i.outstanding(), i.daysLate());
            boolean shows = d.charges() != null && d.charges().enabled();
            charged |= c.total().signum() > 0;
            outstanding.merge(i.currency(), i.outstanding(), BigDecimal::add);
            fees.merge(i.currency(), c.flatFee(), BigDecimal::add);
            interest.merge(i.currency(), c.interest(), BigDecimal::add);
            invoices.add(invoice(f, i, shows ? f.money(c.flatFee(), i.currency()) : "",
                    shows ? f.money(c.interest(), i.currency()) : ""));
        }
        Map<String, BigDecimal> charges = sum(fees, interest);
        Map<String, Object> m = new LinkedHashMap<>();
        PostalAddress address = d.customer() == null ? null : d.customer().address();
        PlanEvents.Letterhead head = d.tenant() == null ? null : d.tenant().letterhead();
        String fromCountry = head == null || head.address() == null ? null : head.address().country();
        m.put("customer", map("name", text(d.customer() == null ? null : d.customer().name()),
                "reference", text(d.customer() == null ? null : d.customer().reference()),
                "address", AddressLines.oneLine(address, d.language(), fromCountry),
                "addressLines", AddressLines.of(address, d.language(), fromCountry)));
        m.put("contact", map("name", text(d.contact() == null ? null : d.contact().name()),
                "email", text(d.contact() == null ? null : d.contact().email())));
        m.put("invoice", invoices.isEmpty() ? emptyInvoice() : invoices.get(0));
        m.put("invoices", invoices);
        m.put("invoiceCount", invoices.size());
        m.put("creditNotes", d.creditNotes().stream().map(c -> map("number", text(c.number()),
                "issueDate", date(f, c.issueDate()), "amount", f.money(c.amount(), c.currency()),
                "open", f.money(c.open(), c.currency()))).toList());
        m.put("totalOutstanding", amounts(f, outstanding));
        m.put("fees", map("applies", charged,
                "flatFee", charged ? amounts(f, fees) : "",
                "interest", charged ? amounts(f, interest) : "",
                "total", charged ? amounts(f, charges) : "",
                "totalDue", charged ? amounts(f, sum(outstanding, charges)) : amounts(f, outstanding)));
        String tenantName = text(d.tenant() == null ? null : d.tenant().name());
        String legalName = head != null && head.legalName() != null ? head.legalName() : tenantName;
        PlanEvents.BankAccount bank = head == null ? null : head.bank();
        m.put("tenant", map("name", tenantName,
                "signature", text(d.tenant() == null ? null : d.tenant().signature()),
                "legalName", legalName,
                "address", head == null ? "" : AddressLines.oneLine(head.address(), d.language(), null),
                "contactLine", text(head == null ? null : head.contactLine()),
                "registration", text(head == null ? null : head.registration()),
                "vatId", text(head == null ? null : head.vatId()),
                "iban", bank == null || bank.iban() == null ? "" : LetterLayout.groups(bank.iban()),
                "bic", text(bank == null ? null : bank.bic()),
                "bankName", text(bank == null ? null : bank.bankName()),
                "accountHolder", bank != null && bank.accountHolder() != null ? bank.accountHolder() : legalName));
        m.put("payReference", payReference(d));
        m.put("today", date(f, d.today()));
        return m;
    }

    /** The longest remittance text a SEPA credit transfer carries. */
    static final int REMITTANCE_MAX = 140;

    /** The invoice numbers, or the customer's reference when they do not fit a transfer's reference. */
    public static String payReference(MessageData d) {
        String numbers = String.join(", ", d.invoices().stream().map(MessageData.InvoiceLine::number)
                .filter(java.util.Objects::nonNull).toList());
        String reference = d.customer() == null ? null : d.customer().reference();
        return numbers.length() <= REMITTANCE_MAX || reference == null ? numbers : reference;
    }

    private static Map<String, Object> invoice(Formats f, MessageData.InvoiceLine i, String flatFee, String interest) {
        return map("number", text(i.number()), "issueDate", date(f, i.issueDate()), "dueDate", date(f, i.dueDate()),
                "expectedPaymentDate", date(f, i.expectedPaymentDate()), "currency", i.currency(),
                "amount", f.money(i.amount(), i.currency()), "outstanding", f.money(i.outstanding(), i.currency()),
                "daysLate", i.daysLate(), "flatFee", flatFee, "interest", interest,
                "paymentUrl", text(i.paymentUrl()));
    }

    private static Map<String, Object> emptyInvoice() {
        Map<String, Object> m = new LinkedHashMap<>();
        Placeholders.INVOICE.fields().keySet().forEach(k -> m.put(k, ""));
        m.put("daysLate", 0L);
        return m;
    }

    private static Map<String, BigDecimal> sum(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
        Map<String, BigDecimal> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, BigDecimal::add));
        return out;
    }

    /** Amounts per currency, e.g. {@code 1.234,56 €, 80,00 $}. */
    private static String amounts(Formats f, Map<String, BigDecimal> byCurrency) {
        return String.join(", ", byCurrency.entrySet().stream().map(e -> f.money(e.getValue(), e.getKey())).toList());
    }

    private static String date(Formats f, LocalDate d) {
        return d == null ? "" : f.date(d);
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private MessageModel() {
    }
}
