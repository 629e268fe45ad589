package org.dunning.platform.persistence;

import io.vertx.sqlclient.data.Numeric;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlTest {

    @Test
    void namedParametersBecomePositionalOnesOneNumberAName() {
        Sql.Parsed p = Sql.parse("SELECT a::text FROM t JOIN unnest(cast(:ids as uuid[]), cast(:t as text[])) AS k(id, t) "
                + "ON t.id = k.id WHERE t.tenant = :tenant AND t.other = :tenant");
        assertThat(p.sql()).isEqualTo("SELECT a::text FROM t JOIN unnest(cast($1 as uuid[]), cast($2 as text[])) "
                + "AS k(id, t) ON t.id = k.id WHERE t.tenant = $3 AND t.other = $3");
        assertThat(p.names()).containsEntry("ids", 0).containsEntry("t", 1).containsEntry("tenant", 2).hasSize(3);
    }

    @Test
    void literalsQuotedNamesAndCommentsAreLeftAlone() {
        Sql.Parsed p = Sql.parse("SELECT '{}'::jsonb, 'a :b', \"c:d\" -- :e\nFROM t WHERE x = :x");
        assertThat(p.sql()).isEqualTo("SELECT '{}'::jsonb, 'a :b', \"c:d\" -- :e\nFROM t WHERE x = $1");
        assertThat(p.names()).containsOnlyKeys("x");
    }

    @Test
    void positionalParametersAreRefused() {
        assertThatThrownBy(() -> Sql.parse("SELECT * FROM t WHERE x = $1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreBoundAsTheDriverTakesThem() {
        Instant at = Instant.parse("2026-03-29T01:30:00Z");
        assertThat(Sql.bindable(at)).isEqualTo(OffsetDateTime.parse("2026-03-29T01:30:00Z"));
        assertThat((Object[]) Sql.bindable(new Instant[] {at, null}))
                .containsExactly(OffsetDateTime.parse("2026-03-29T01:30:00Z"), null);
        assertThat(Sql.bindable(new BigDecimal("12.50"))).isEqualTo(Numeric.create(new BigDecimal("12.50")));
        assertThat(Sql.bindable(new byte[] {1, 2})).isEqualTo(io.vertx.core.buffer.Buffer.buffer(new byte[] {1, 2}));
        assertThat(Sql.bindable("x")).isEqualTo("x");
        assertThatThrownBy(() -> Sql.bindable(List.of(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
