package org.dunning.launcher;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayTest {

    static final Gateway.Route INVOICE = new Gateway.Route("/api/invoice", 8081);
    static final Gateway.Route PLAN = new Gateway.Route("/api/plan", 8082);
    static final List<Gateway.Route> ROUTES = List.of(INVOICE, PLAN);

    @Test
    void aRequestUnderAPrefixGoesToItsServiceWithThePrefixStripped() {
        assertThat(Gateway.forward(ROUTES, "/api/invoice/customers/42?x=1"))
                .contains(new Gateway.Forward(INVOICE, "/customers/42?x=1"));
        assertThat(Gateway.forward(ROUTES, "/api/plan/plans")).contains(new Gateway.Forward(PLAN, "/plans"));
        assertThat(Gateway.forward(ROUTES, "/api/plan")).contains(new Gateway.Forward(PLAN, "/"));
        assertThat(Gateway.forward(ROUTES, "/api/plan?page=2")).contains(new Gateway.Forward(PLAN, "/?page=2"));
    }

    @Test
    void aPathThatOnlyBeginsLikeAPrefixGoesNowhere() {
        assertThat(Gateway.forward(ROUTES, "/api/invoices/42")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/planner")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/customers/42")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/")).isEmpty();
    }

    @Test
    void theServicesManagementEndpointsAreNotServedAtTheOrigin() {
        assertThat(Gateway.forward(ROUTES, "/api/plan/q/metrics")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan//q/health")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/q")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/q?x")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/%71/metrics")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/./q/metrics")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/plans/../q/metrics")).isEmpty();
        assertThat(Gateway.forward(ROUTES, "/api/plan/pl ans")).isEmpty(); // not a URI: not passed on
        assertThat(Gateway.forward(ROUTES, "/api/plan/plans?x=<")).contains(new Gateway.Forward(PLAN, "/plans?x=<"));
        assertThat(Gateway.forward(ROUTES, "/api/plan/quotas")).contains(new Gateway.Forward(PLAN, "/quotas"));
    }

    @Test
    void everyServiceHasItsOwnPrefix() {
        assertThat(DunningSystem.SERVICES.stream().map(DunningSystem.Service::route))
                .containsExactly("/api/invoice", "/api/plan", "/api/escalation", "/api/notification", "/api/followup",
                        "/api/insights");
    }
}
