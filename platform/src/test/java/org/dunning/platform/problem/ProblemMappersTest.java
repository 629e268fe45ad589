package org.dunning.platform.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Error details name what is wrong in the API's words, never Java's. */
class ProblemMappersTest {

    @Test
    void parserMessagesLoseJavaTypeNames() {
        assertThat(ProblemMappers.readable("Cannot deserialize value of type `java.util.UUID` from String \"x\": not a "
                + "valid representation\n at [Source: REDACTED; line: 1, column: 15]"))
                .isEqualTo("Cannot deserialize value of type UUID from String \"x\": not a valid representation");
        assertThat(ProblemMappers.readable("Could not resolve type id 'X' as a subtype of "
                + "`org.dunning.contract.InboundFacts$Fact`")).endsWith("subtype of Fact");
        assertThat(ProblemMappers.readable("Could not resolve subtype of [simple type, class "
                + "org.dunning.contract.InboundFacts$Fact]: missing type id")).isEqualTo("Could not resolve subtype of Fact: "
                + "missing type id");
        assertThat(ProblemMappers.readable("x".repeat(1000))).hasSize(301);
    }
}
