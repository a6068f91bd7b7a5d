package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.STRONG;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code dial_out:} and the kinds of number it allows. */
class DialOutConfigTest {

    @Test
    void numbersAreToldByTheirKindInBrazil() {
        assertThat(NumberClass.of("+55 11 98765 4321", "55")).isEqualTo(NumberClass.MOBILE);
        assertThat(NumberClass.of("011987654321", "55")).isEqualTo(NumberClass.MOBILE);
        assertThat(NumberClass.of("98765-4321", "55")).isEqualTo(NumberClass.MOBILE);
        assertThat(NumberClass.of("+55 11 4000 0000", "55")).isEqualTo(NumberClass.NATIONAL);
        assertThat(NumberClass.of("3003-1234", "55")).isEqualTo(NumberClass.NATIONAL);
        assertThat(NumberClass.of("0800 123 4567", "55")).isEqualTo(NumberClass.TOLL_FREE);
        assertThat(NumberClass.of("0900 123 4567", "55")).isEqualTo(NumberClass.PREMIUM);
        assertThat(NumberClass.of("0300 123 4567", "55")).isEqualTo(NumberClass.PREMIUM);
        assertThat(NumberClass.of("+232 76 123456", "55")).isEqualTo(NumberClass.INTERNATIONAL);
        assertThat(NumberClass.of("00 1 415 555 0100", "55")).isEqualTo(NumberClass.INTERNATIONAL);
        assertThat(NumberClass.of("190", "55")).isEqualTo(NumberClass.EMERGENCY);
        assertThat(NumberClass.of("1234567", "55")).isEqualTo(NumberClass.UNKNOWN);
        assertThat(NumberClass.of("sip-admin", "55")).isEqualTo(NumberClass.UNKNOWN);
        assertThat(NumberClass.of("+1 415 555 0100", "1")).as("our own country").isEqualTo(NumberClass.NATIONAL);
        assertThat(NumberClass.of("011 44 20 7946 0000", "1")).as("no plan known: an access code is not guessed")
                .isEqualTo(NumberClass.UNKNOWN);
        assertThat(NumberClass.of("4155550100", "1")).isEqualTo(NumberClass.UNKNOWN);
        assertThat(NumberClass.of("+44 20 7946 0000", "1")).isEqualTo(NumberClass.INTERNATIONAL);
    }

    @Test
    void leftOutExtensionsCannotDialOutAndInternationalNeedsAnAllow() throws Exception {
        DialOutConfig d = load(SERVER).dialOut();
        assertThat(d.trunk()).isEmpty();
        assertThat(d.allow()).doesNotContain(NumberClass.INTERNATIONAL, NumberClass.PREMIUM);
        assertThat(d.limitsOf("1001").maxCalls()).isEqualTo(2);
    }

    @Test
    void everyKeyIsRead() throws Exception {
        DialOutConfig d = load(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s }
                  - { number: "1002", password: %1$s }
                trunks:
                  - { name: carrier, allow: [203.0.113.10], outbound: { proxy: "sip:203.0.113.10" } }
                dial_out:
                  trunk: carrier
                  allow: [national]
                  max_calls: 5
                  minutes_per_day: 100
                  extension_max_calls: 1
                  extension_minutes_per_day: 10
                  extensions:
                    "1002": { allow: [national, international], max_calls: 3 }
                """.formatted(STRONG)).dialOut();
        assertThat(d.trunk()).contains("carrier");
        assertThat(d.allow()).containsExactly(NumberClass.NATIONAL);
        assertThat(d.maxCalls()).isEqualTo(5);
        assertThat(d.minutesPerDay()).isEqualTo(100);
        assertThat(d.limitsOf("1001")).isEqualTo(new DialOutConfig.Limits(Set.of(NumberClass.NATIONAL), 1, 10));
        assertThat(d.limitsOf("1002")).isEqualTo(new DialOutConfig.Limits(
                Set.of(NumberClass.NATIONAL, NumberClass.INTERNATIONAL), 3, 10));
    }

    @Test
    void badValuesAreReported() {
        assertThat(problems(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s }
                trunks:
                  - { name: carrier, allow: [203.0.113.10] }
                dial_out:
                  trunk: carrier
                  allow: [national, everything]
                  extensions:
                    "1009": { max_calls: 1 }
                """.formatted(STRONG))).containsExactly(
                "t.yaml:10: dial_out.trunk: \"carrier\" is not a trunk that places calls (with outbound.proxy or a"
                        + " registration) (no trunk places calls)",
                "t.yaml:11: dial_out.allow[1]: \"everything\" is not a kind of number (national, mobile, toll_free,"
                        + " premium, international, emergency)",
                "t.yaml:13: dial_out.extensions.1009: \"1009\" is not a configured extension");
    }
}
