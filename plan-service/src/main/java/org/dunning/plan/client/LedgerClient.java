package org.dunning.plan.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.dunning.platform.domain.NotFound;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Reads an invoice and its customer from invoice-service's REST API with the caller's own bearer token, so the
 * tenant and the caller's rights are invoice-service's to check. Used only to preview a template on a real invoice.
 */
@ApplicationScoped
public class LedgerClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Invoice(UUID id, UUID customerId, String number, LocalDate issueDate, LocalDate dueDate,
                          String currency, BigDecimal amount, BigDecimal outstanding, String status,
                          LocalDate expectedPaymentDate, String paymentUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Contact(String name, String email, String role, boolean bounced) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Customer(UUID id, String name, String language, String segment, String externalReference,
                           List<Contact> contacts, org.dunning.contract.PostalAddress billingAddress) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json;
    private final URI base;

    public LedgerClient(ObjectMapper json,
                        @ConfigProperty(name = "dunning.invoice-service.url", defaultValue = "http://127.0.0.1:8081")
                        URI base) {
        this.json = json;
        this.base = base;
    }

    public Uni<Invoice> invoice(String authorization, UUID id) {
        return get(authorization, "/invoices/" + id, Invoice.class, "invoice", id);
    }

    public Uni<Customer> customer(String authorization, UUID id) {
        return get(authorization, "/customers/" + id, Customer.class, "customer", id);
    }

    private <T> Uni<T> get(String authorization, String path, Class<T> type, String what, UUID id) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .onFailure().transform(e -> unavailable("cannot reach invoice-service: " + e.getMessage()))
                .map(response -> {
                    if (response.statusCode() == 404) {
                        throw new NotFound(what, id);
                    }
                    if (response.statusCode() != 200) {
                        throw unavailable("invoice-service answered " + response.statusCode() + " for " + path);
                    }
                    try {
                        return json.readValue(response.body(), type);
                    } catch (IOException e) {
                        throw unavailable("unreadable answer of invoice-service for " + path);
                    }
                });
    }

    private static WebApplicationException unavailable(String message) {
        return new WebApplicationException(message, Response.Status.BAD_GATEWAY);
    }
}
