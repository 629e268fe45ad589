package org.dunning.infra;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    /**
     * The kernel offers a closed probe's port again soon: two services once got the same port. Many ports in a row
     * (more than a kernel's ephemeral range offers without repeating within a few hundred) are all different.
     */
    @Test
    void neverHandsOutAPortTwice() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            int port = Ports.free();
            assertTrue(seen.add(port), "port " + port + " handed out twice, after " + i);
            assertTrue(port > 0 && port < 65536);
        }
    }
}
