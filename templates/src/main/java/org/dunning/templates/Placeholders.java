package org.dunning.templates;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every placeholder a template may use, as a tree: {@code {customer.name}}, {@code {invoice.dueDate}},
 * {@code {#for i in invoices}{i.number}{/for}}. A template naming anything else is refused when it is saved
 * ({@link TemplateRenderer#check}). {@link MessageModel} fills exactly this tree.
 */
public final class Placeholders {

    /** The shape of a value: text or number (a leaf), an object with named fields, or a list of one shape. */
    public sealed interface Shape {
        String description();
    }

    public record Leaf(String description) implements Shape {
    }

    public record Obj(String description, Map<String, Shape> fields) implements Shape {
    }

    public record ListOf(String description, Shape element) implements Shape {
    }

    /** One placeholder path with what it holds, for the API that lists them. */
    public record Path(String path, String description) {
    }

    static final Obj INVOICE = obj("one invoice",
            "number", leaf("invoice number"),
            "issueDate", leaf("issue date, in the customer's locale (21.11.2026)"),
            "dueDate", leaf("due date, in the customer's locale"),
            "expectedPaymentDate", leaf("the date the customer promised to pay, or empty"),
            "currency", leaf("ISO 4217 code, e.g. EUR"),
            "amount", leaf("invoice amount with currency, in the customer's locale (1.234,56 €)"),
            "outstanding", leaf("amount still open, with currency"),
            "daysLate", leaf("days since the due date in the tenant's time zone (a number; 0 or less when not late)"),
            "flatFee", leaf("the flat recovery fee for this invoice, with currency (empty when fees are off)"),
            "interest", leaf("statutory interest accrued on this invoice, with currency (empty when fees are off)"),
            "paymentUrl", leaf("where the customer pays this invoice online (empty when the invoice has no payment "
                    + "link): {#if invoice.paymentUrl}<a href=\"{invoice.paymentUrl}\">Pay now</a>{/if}"));

    public static final Obj ROOT = obj("the message",
            "customer", obj("the customer",
                    "name", leaf("customer name"),
                    "reference", leaf("the customer's reference in the tenant's ERP"),
                    "address", leaf("the billing address on one line (empty when the customer has none)"),
                    "addressLines", new ListOf("the billing address as its post writes it, line by line",
                            leaf("one line of the address"))),
            "contact", obj("the addressed contact",
                    "name", leaf("contact name (may be empty)"),
                    "email", leaf("contact e-mail address")),
            "invoice", INVOICE,
            "invoices", new ListOf("the invoices of the message: one for a per-invoice step, all in scope for grouped "
                    + "and overview messages", INVOICE),
            "invoiceCount", leaf("how many invoices the message lists (a number)"),
            "creditNotes", new ListOf("open credit notes (overviews that include them)", obj("one credit note",
                    "number", leaf("credit note number"),
                    "issueDate", leaf("issue date, in the customer's locale"),
                    "amount", leaf("credit note amount with currency"),
                    "open", leaf("amount not yet allocated, with currency"))),
            "totalOutstanding", leaf("total still open over the listed invoices, per currency"),
            "fees", obj("late-payment fees and interest (R7.3)",
                    "applies", leaf("true when the tenant shows fees and interest and some are due"),
                    "flatFee", leaf("sum of the flat recovery fees, per currency"),
                    "interest", leaf("sum of the interest accrued, per currency"),
                    "total", leaf("fees and interest together, per currency"),
                    "totalDue", leaf("outstanding plus fees and interest, per currency")),
            "tenant", obj("the sender",
                    "name", leaf("the tenant's company name"),
                    "signature", leaf("the tenant's signature (may span several lines)"),
                    "legalName", leaf("the legal name of the letterhead (the company name when not set)"),
                    "address", leaf("the tenant's address on one line"),
                    "contactLine", leaf("the letterhead's contact line (phone, e-mail)"),
                    "registration", leaf("the registration, e.g. Amtsgericht Berlin HRB 12345"),
                    "vatId", leaf("the VAT identification number"),
                    "iban", leaf("the IBAN customers pay to, in groups of four"),
                    "bic", leaf("the BIC of that account"),
                    "bankName", leaf("the bank's name"),
                    "accountHolder", leaf("the account holder (the legal name when not set)")),
            "payReference", leaf("what to write as the transfer's reference: the invoice numbers (the customer's "
                    + "reference when they do not fit in 140 characters)"),
            "today", leaf("the date of sending, in the customer's locale"));

    /** Every path, depth first, in declaration order: {@code customer.name}, …, {@code invoices[].number}, … */
    public static List<Path> paths() {
        List<Path> out = new ArrayList<>();
        collect("", ROOT, out);
        return out;
    }

    private static void collect(String prefix, Shape shape, List<Path> out) {
        if (shape instanceof Obj o) {
            o.fields().forEach((name, s) -> {
                String p = prefix.isEmpty() ? name : prefix + "." + name;
                if (!(s instanceof Obj)) {
                    out.add(new Path(s instanceof ListOf ? p + "[]" : p, s.description()));
                }
                if (s instanceof ListOf l) {
                    collect(p + "[]", l.element(), out);
                } else {
                    collect(p, s, out);
                }
            });
        }
    }

    private static Leaf leaf(String description) {
        return new Leaf(description);
    }

    private static Obj obj(String description, Object... namesAndShapes) {
        Map<String, Shape> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndShapes.length; i += 2) {
            fields.put((String) namesAndShapes[i], (Shape) namesAndShapes[i + 1]);
        }
        return new Obj(description, fields);
    }

    private Placeholders() {
    }
}
