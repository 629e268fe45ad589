package org.dunning.contract;

import java.util.List;

/**
 * A postal address: an optional recipient line (a department, "Attn. …"), one to three street lines, the postal
 * code, the city, the region (state or province, where the post wants it: US, CA, AU) and the country as ISO 3166-1
 * alpha-2. A customer's billing address ({@code billingAddress} of the customer events) and the tenant's own (its
 * letterhead) have this shape.
 */
public record PostalAddress(String recipient, List<String> street, String postalCode, String city, String region,
                            String country) {
}
