package org.dunning.insights.rest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.dunning.testing.ApiDocument;
import org.dunning.testing.InfrastructureResource;
import org.junit.jupiter.api.Test;

/** The document the build stored in docs/openapi is the one the running service serves, and it is complete. */
@QuarkusTest
@QuarkusTestResource(value = InfrastructureResource.class, initArgs = @ResourceArg(name = "database", value = "insights"))
class ApiDocumentTest {

    @Test
    void theRunningServiceServesTheDocumentTheBuildStored() throws Exception {
        ApiDocument.assertServedAsStored("insights-service");
    }
}
