package org.atende.ivr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.atende.config.flow.Node.Condition;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    private static final Map<String, String> VARS = Map.of("tier", "gold", "empty", "");

    private static boolean holds(String variable, String op, String... values) {
        return Conditions.holds(new Condition(variable, op, List.of(values), "x"), VARS);
    }

    @Test
    void operators() {
        assertThat(holds("tier", "eq", "gold")).isTrue();
        assertThat(holds("tier", "eq", "silver")).isFalse();
        assertThat(holds("none", "eq", "gold")).isFalse();
        assertThat(holds("tier", "ne", "silver")).isTrue();
        assertThat(holds("tier", "ne", "gold")).isFalse();
        assertThat(holds("none", "ne", "gold")).isTrue();
        assertThat(holds("tier", "in", "silver", "gold")).isTrue();
        assertThat(holds("tier", "in", "silver", "bronze")).isFalse();
        assertThat(holds("tier", "present")).isTrue();
        assertThat(holds("empty", "present")).isFalse();
        assertThat(holds("none", "absent")).isTrue();
        assertThat(holds("empty", "absent")).isTrue();
        assertThat(holds("tier", "absent")).isFalse();
        assertThat(holds("tier", "matches", "g.*d")).isTrue();
        assertThat(holds("tier", "matches", "g")).isFalse();
        assertThat(holds("tier", "matches", "([")).isFalse();
        assertThat(holds("none", "matches", ".*")).isFalse();
    }
}
