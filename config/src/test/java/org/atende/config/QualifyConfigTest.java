package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.SERVER;
import static org.atende.config.ConfigProblemsTest.STRONG;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code extensions[].qualify} (default 60s) and {@code trunks[].qualify} (default off): 1s..1h or off. */
class QualifyConfigTest {

    @Test
    void extensionsQualifyEveryMinuteUnlessToldOtherwise() throws Exception {
        AtendeConfig c = load(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s }
                  - { number: "1002", password: %1$s, qualify: 1s }
                  - { number: "1003", password: %1$s, qualify: 1h }
                  - { number: "1004", password: %1$s, qualify: OFF }
                """.formatted(STRONG));
        assertThat(c.extensions()).extracting(ExtensionConfig::qualify).containsExactly(
                Optional.of(Duration.ofSeconds(60)), Optional.of(Duration.ofSeconds(1)), Optional.of(Duration.ofHours(1)),
                Optional.empty());
    }

    @Test
    void aQualifyIntervalOutsideOneSecondToOneHourIsReportedWithItsLine() {
        assertThat(problems(SERVER + """
                extensions:
                  - { number: "1001", password: %1$s, qualify: 500ms }
                  - { number: "1002", password: %1$s, qualify: 2h }
                  - { number: "1003", password: %1$s, qualify: sometimes }
                """.formatted(STRONG))).containsExactly(
                "t.yaml:6: extensions[0].qualify: \"500ms\" is shorter than 1s",
                "t.yaml:7: extensions[1].qualify: \"2h\" is longer than 1h",
                "t.yaml:8: extensions[2].qualify: \"sometimes\" is not a duration (1s..1h) nor off");
    }

    @Test
    void trunksQualifyOnlyWhenToldAndOnlyWhenTheyHaveSomewhereToSendTo() throws Exception {
        AtendeConfig c = load(SERVER + """
                trunks:
                  - { name: a, allow: [203.0.113.10], outbound: { proxy: "sip:203.0.113.10" }, qualify: 30s }
                  - { name: b, allow: [203.0.113.11], outbound: { proxy: "sip:203.0.113.11" } }
                """);
        assertThat(c.trunks()).extracting(TrunkConfig::qualify)
                .containsExactly(Optional.of(Duration.ofSeconds(30)), Optional.empty());
        assertThat(problems(SERVER + """
                trunks:
                  - { name: a, allow: [203.0.113.10], qualify: 30s }
                """)).containsExactly(
                "t.yaml:6: trunks[0].qualify: needs outbound.proxy or registration (where the OPTIONS go)");
    }
}
