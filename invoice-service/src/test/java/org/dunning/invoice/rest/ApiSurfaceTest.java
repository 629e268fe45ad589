package org.dunning.invoice.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.testing.ApiDocument;
import org.dunning.testing.InfrastructureResource;
import org.dunning.testing.Tokens;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * What a frontend and a client generator meet: CORS for the configured origins, a Location that points through the one
 * origin, and the document the build stored.
 */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "invoice"))
class ApiSurfaceTest {

    static final String ALLOWED = "https://app.example.com"; // %test.quarkus.http.cors.origins

    @Test
    void aConfiguredOriginMayCallTheApiFromABrowserAndAnotherMayNot() {
        given().header("Origin", ALLOWED).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type,idempotency-key")
                .options("/invoices").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Allow-Headers", containsStringIgnoringCase("Idempotency-Key"))
                .header("Access-Control-Allow-Methods", containsStringIgnoringCase("POST"));
        given().header("Origin", ALLOWED).header("Authorization", Tokens.bearer("t-cors"))
                .get("/invoices").then().statusCode(200)
                .header("Access-Control-Allow-Origin", equalTo(ALLOWED))
                .header("Access-Control-Expose-Headers", containsStringIgnoringCase("ETag"));

        given().header("Origin", "https://elsewhere.example").header("Access-Control-Request-Method", "POST")
                .options("/invoices").then().statusCode(403).header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", "https://elsewhere.example").header("Authorization", Tokens.bearer("t-cors"))
                .get("/invoices").then().statusCode(403);
    }

    @Test
    void behindTheOneOriginALocationPointsThroughTheGateway() {
        String direct = given().header("Authorization", Tokens.bearer("t-prefix")).contentType("application/json")
                .body("{\"name\":\"Direct GmbH\",\"language\":\"de\"}").post("/customers")
                .then().statusCode(201).extract().header("Location");
        assertThat(direct).startsWith("http://").contains("/customers/");

        String id = given().header("Authorization", Tokens.bearer("t-prefix")).contentType("application/json")
                .header("X-Forwarded-Prefix", "/api/invoice")
                .body("{\"name\":\"Gateway GmbH\",\"language\":\"de\"}").post("/customers")
                .then().statusCode(201).header("Location", matchesPattern("/api/invoice/customers/[0-9a-f-]{36}"))
                .extract().path("id");
        // a prefix that is not a plain path changes nothing
        given().header("Authorization", Tokens.bearer("t-prefix")).contentType("application/json")
                .header("X-Forwarded-Prefix", "//evil.example")
                .body("{\"name\":\"Other GmbH\",\"language\":\"de\"}").post("/customers")
                .then().statusCode(201).header("Location", startsWith("http://"));
        given().header("Authorization", Tokens.bearer("t-prefix")).get("/customers/" + id).then().statusCode(200);
    }

    @Test
    void theRunningServiceServesTheDocumentTheBuildStored() throws Exception {
        ApiDocument.assertServedAsStored("invoice-service");
    }
}
