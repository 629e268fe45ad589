package org.dunning.invoice.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to issue invoices that arrive together are written together (group commit), and each still gets the
 * answer it would get alone: the same number twice is one invoice and one 409, the same Idempotency-Key with the
 * same body is one invoice returned to every repeat, with another body a 422, a missing or archived customer a 422.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
public class ConcurrentIssueTest {

    record Call(String name, String key, Map<String, Object> body) {
    }

    static Map<String, Object> body(String customerId, String number, String dueDate) {
        return Map.of("customerId", customerId, "number", number, "issueDate", "2026-11-01", "dueDate", dueDate,
                "currency", "EUR", "amount", "10");
    }

    @Test
    void requestsArrivingTogetherEachGetTheAnswerTheyWouldGetAlone() throws Exception {
        String tenant = "t-" + UUID.randomUUID();
        String customerId = LedgerResourceTest.customer(tenant, "anna@berg.example");
        String archived = LedgerResourceTest.customer(tenant, "old@berg.example");
        given().header("Authorization", Tokens.bearer(tenant)).post("/customers/" + archived + "/archive").then()
                .statusCode(200);
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            calls.add(new Call("distinct", null, body(customerId, "C-" + i, "2026-11-15")));
        }
        for (int i = 0; i < 5; i++) {
            calls.add(new Call("same-number", null, body(customerId, "SAME", "2026-11-15")));
            calls.add(new Call("same-key", "k-same", body(customerId, "K-1", "2026-11-15")));
        }
        calls.add(new Call("key-body-1", "k-diff", body(customerId, "D-1", "2026-11-15")));
        calls.add(new Call("key-body-2", "k-diff", body(customerId, "D-2", "2026-11-15")));
        for (int i = 0; i < 3; i++) {
            calls.add(new Call("no-customer", null, body(UUID.randomUUID().toString(), "N-" + i, "2026-11-15")));
        }
        calls.add(new Call("archived", null, body(archived, "A-1", "2026-11-15")));
        calls.add(new Call("invalid", null, body(customerId, "V-1", "2026-10-01")));

        double batchesBefore = meter("dunning_issue_batches_total");
        double batchedBefore = meter("dunning_issue_batched_requests_total");
        Map<String, List<ExtractableResponse<Response>>> answers = send(tenant, calls);
        double batches = meter("dunning_issue_batches_total") - batchesBefore;
        double batched = meter("dunning_issue_batched_requests_total") - batchedBefore;
        // the requests were answered from committed batches (how many a batch took depends on the machine's pace)
        assertThat(batches).isPositive();
        assertThat(batched).isEqualTo(calls.size());
        System.out.printf("%d requests in %.0f transactions%n", calls.size(), batches);

        assertThat(answers.get("distinct")).hasSize(30).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201));
        assertThat(answers.get("same-number")).extracting(ExtractableResponse::statusCode)
                .containsExactlyInAnyOrder(201, 409, 409, 409, 409);
        assertThat(answers.get("same-key")).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(201))
                .extracting(r -> r.<String>path("id")).containsOnly(answers.get("same-key").get(0).<String>path("id"));
        List<ExtractableResponse<Response>> diff = new ArrayList<>(answers.get("key-body-1"));
        diff.addAll(answers.get("key-body-2"));
        assertThat(diff).extracting(ExtractableResponse::statusCode).containsExactlyInAnyOrder(201, 422);
        assertThat(diff.stream().filter(r -> r.statusCode() == 422).findFirst().orElseThrow().<String>path(
                "errors[0].field")).isEqualTo("Idempotency-Key");
        assertThat(answers.get("no-customer")).allSatisfy(r -> {
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(r.<String>path("errors[0].field")).isEqualTo("customerId");
        });
        assertThat(answers.get("archived").get(0).<String>path("errors[0].message"))
                .isEqualTo("the customer is archived");
        assertThat(answers.get("invalid").get(0).<String>path("errors[0].field")).isEqualTo("dueDate");

        // what was answered is what is there: 30 + SAME + K-1 + one of D-1/D-2, each readable with its version
        List<String> numbers = given().header("Authorization", Tokens.bearer(tenant))
                .get("/invoices?size=100").then().statusCode(200).extract().path("items.number");
        assertThat(numbers).hasSize(33).doesNotHaveDuplicates().contains("SAME", "K-1", "C-0", "C-29");
        String id = answers.get("distinct").get(7).path("id");
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + id).then().statusCode(200)
                .header("ETag", "\"1\"");
        given().header("Authorization", Tokens.bearer(tenant)).get("/invoices/" + id + "/history").then()
                .statusCode(200).body("size()", org.hamcrest.Matchers.equalTo(1));
    }

    static double meter(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    /** Sends every call at once (as many threads as calls, released together); the answers by the calls' names. */
    static Map<String, List<ExtractableResponse<Response>>> send(String tenant, List<Call> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<ExtractableResponse<Response>>> futures = new ArrayList<>();
            for (Call call : calls) {
                Callable<ExtractableResponse<Response>> send = () -> {
                    start.await();
                    var request = given().header("Authorization", Tokens.bearer(tenant)).contentType(ContentType.JSON);
                    if (call.key() != null) {
                        request.header("Idempotency-Key", call.key());
                    }
                    return request.body(call.body()).post("/invoices").then().extract();
                };
                futures.add(pool.submit(send));
            }
            start.countDown();
            Map<String, List<ExtractableResponse<Response>>> answers = new HashMap<>();
            for (int i = 0; i < calls.size(); i++) {
                answers.computeIfAbsent(calls.get(i).name(), n -> new ArrayList<>()).add(futures.get(i).get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
