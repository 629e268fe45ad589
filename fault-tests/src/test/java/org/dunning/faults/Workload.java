package org.dunning.faults;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.dunning.contract.Topics;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fault suite's work: one tenant whose per-invoice plan sends an automatic e-mail three days after the due date,
 * the default of the customers' segment; {@code invoices} invoices for {@code invoices / PER_CUSTOMER} customers,
 * half created over REST, half published as facts on the inbound topic, each paced to last about {@code duration}
 * so that the faults meet work in flight.
 */
final class Workload {

    static final int PER_CUSTOMER = 5;
    static final String SEGMENT = "faults";
    static final String ISSUE_DATE = "2026-11-17";
    static final String DUE_DATE = "2026-12-01";

    final String tenant;
    final int invoices;
    final AtomicInteger submitted = new AtomicInteger();
    private final Api api;
    private final String invoiceApi;
    private final String kafka;

    Workload(String tenant, int invoices, Api api, String invoiceApi, String kafka) {
        if (invoices % (2 * PER_CUSTOMER) != 0) {
            throw new IllegalArgumentException("faults.invoices must be a multiple of " + 2 * PER_CUSTOMER);
        }
        this.tenant = tenant;
        this.invoices = invoices;
        this.api = api;
        this.invoiceApi = invoiceApi;
        this.kafka = kafka;
    }

    int customers() {
        return invoices / PER_CUSTOMER;
    }

    /** Customers, invoices and facts submitted so far, of {@link #items()}. */
    int items() {
        return customers() + invoices;
    }

    static String email(String tenant, String customer) {
        return customer.toLowerCase() + "-" + tenant + "@faults.example";
    }

    static String number(int customer, int invoice) {
        return "F-" + customer + "-" + invoice;
    }

    /** The first half of the customers, over REST: each request sent until it is answered, with an Idempotency-Key. */
    void overRest(Duration duration) {
        int half = customers() / 2;
        long pause = duration.toMillis() / (long) (half * (1 + PER_CUSTOMER));
        for (int c = 0; c < half; c++) {
            String name = "R" + c;
            JsonNode customer = api.reliably("POST", invoiceApi + "/customers", Map.of("name", "Kunde " + name,
                            "language", "de", "segment", SEGMENT, "contacts", List.of(Map.of("name", "Buchhaltung " + name,
                                    "email", email(tenant, name), "role", "accounting"))),
                    Map.of("Idempotency-Key", "customer-" + name), Duration.ofMinutes(5), 200, 201);
            submitted.incrementAndGet();
            String customerId = customer.get("id").asText();
            Api.sleep(pause);
            for (int i = 0; i < PER_CUSTOMER; i++) {
                Map<String, Object> invoice = new LinkedHashMap<>();
                invoice.put("customerId", customerId);
                invoice.put("number", number(c, i));
                invoice.put("issueDate", ISSUE_DATE);
                invoice.put("dueDate", DUE_DATE);
                invoice.put("currency", "EUR");
                invoice.put("amount", amount(c, i).toPlainString());
                api.reliably("POST", invoiceApi + "/invoices", invoice, Map.of("Idempotency-Key", "invoice-" + c + "-" + i),
                        Duration.ofMinutes(5), 200, 201);
                submitted.incrementAndGet();
                Api.sleep(pause);
            }
        }
    }

    /**
     * The second half, as facts on {@code dunning.invoice.inbound} keyed {@code tenant/customer}: a customer, then its
     * invoices. The producer is idempotent and waits out a broker that is down.
     */
    void overKafka(Duration duration) throws Exception {
        int half = customers() / 2;
        long pause = duration.toMillis() / (long) (half * (1 + PER_CUSTOMER));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 600_000, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 600_000, ProducerConfig.LINGER_MS_CONFIG, 1),
                new StringSerializer(), new StringSerializer())) {
            for (int c = half; c < customers(); c++) {
                String name = "K" + c;
                String key = tenant + "/" + name;
                Map<String, Object> customer = new LinkedHashMap<>();
                customer.put("kind", "CustomerUpserted");
                customer.put("tenantId", tenant);
                customer.put("sourceSystem", "erp");
                customer.put("externalId", name);
                customer.put("sourceVersion", 1);
                customer.put("name", "Kunde " + name);
                customer.put("language", "de");
                customer.put("segment", SEGMENT);
                customer.put("contacts", List.of(Map.of("name", "Buchhaltung " + name, "email", email(tenant, name),
                        "role", "accounting")));
                List<Future<?>> sent = new java.util.ArrayList<>();
                sent.add(producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, key, Api.JSON.writeValueAsString(customer))));
                submitted.incrementAndGet();
                Api.sleep(pause);
                for (int i = 0; i < PER_CUSTOMER; i++) {
                    Map<String, Object> fact = new LinkedHashMap<>();
                    fact.put("kind", "InvoiceUpserted");
                    fact.put("tenantId", tenant);
                    fact.put("sourceSystem", "erp");
                    fact.put("externalId", "I-" + c + "-" + i);
                    fact.put("sourceVersion", 1);
                    fact.put("customerExternalId", name);
                    fact.put("number", number(c, i));
                    fact.put("issueDate", ISSUE_DATE);
                    fact.put("dueDate", DUE_DATE);
                    fact.put("currency", "EUR");
                    fact.put("amount", amount(c, i));
                    sent.add(producer.send(new ProducerRecord<>(Topics.INVOICE_INBOUND, key, Api.JSON.writeValueAsString(fact))));
                    submitted.incrementAndGet();
                    Api.sleep(pause);
                }
                for (Future<?> f : sent) {
                    f.get(); // acknowledged by the broker: from here on it must not be lost
                }
            }
        }
    }

    static BigDecimal amount(int customer, int invoice) {
        return new BigDecimal(100 + customer * PER_CUSTOMER + invoice).setScale(2);
    }
}
