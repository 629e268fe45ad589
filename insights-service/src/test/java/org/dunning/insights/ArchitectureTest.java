package org.dunning.insights;

import org.dunning.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {
    @Test
    void domainIsFrameworkFreeAndNoOtherServiceIsUsed() {
        ArchitectureRules.check("insights");
    }
}
