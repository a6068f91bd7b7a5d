package org.atende.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.atende.config.AtendeConfig;
import org.atende.config.ConfigLoader;
import org.atende.config.FeatureCodes;
import org.junit.jupiter.api.Test;

/** Feature codes as dialled, PINs compared, and the lock against PIN guessing. */
class AgentFeaturesTest {

    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void dialledCodesAreRecognisedWithTheirArgument() {
        FeatureCodes codes = FeatureCodes.DEFAULTS;
        assertThat(AgentFeatures.match(codes, "*45")).contains(new AgentFeatures.Dialled(AgentFeature.Code.LOGIN, ""));
        assertThat(AgentFeatures.match(codes, "%2A46"))
                .contains(new AgentFeatures.Dialled(AgentFeature.Code.LOGOUT, ""));
        assertThat(AgentFeatures.match(codes, "*472")).contains(new AgentFeatures.Dialled(AgentFeature.Code.PAUSE, "2"));
        assertThat(AgentFeatures.match(codes, "*4712"))
                .contains(new AgentFeatures.Dialled(AgentFeature.Code.PAUSE, "12"));
        assertThat(AgentFeatures.match(codes, "*47123")).isEmpty();
        assertThat(AgentFeatures.match(codes, "*48")).contains(new AgentFeatures.Dialled(AgentFeature.Code.UNPAUSE, ""));
        assertThat(AgentFeatures.match(codes, "*451")).isEmpty();
        assertThat(AgentFeatures.match(codes, "1001")).isEmpty();
    }

    @Test
    void sixWrongPinsLockTheExtensionAndTheAgentForAQuarterOfAnHour() {
        AtendeConfig demo = ConfigLoader.demo();
        MovableClock clock = new MovableClock();
        AgentFeatures f = new AgentFeatures(demo, null, clock);
        assertThat(f.pinMatches("2001", "1234")).isTrue();
        assertThat(f.pinMatches("2001", "1235")).isFalse();
        assertThat(f.pinMatches("9999", "1234")).as("an unknown agent matches nothing").isFalse();
        for (int i = 1; i < AgentFeatures.MAX_WRONG; i++) {
            assertThat(f.wrongPin("1001", "2001")).isFalse();
        }
        assertThat(f.locked("1001", "2001")).isFalse();
        assertThat(f.wrongPin("1001", "2001")).as("the sixth locks").isTrue();
        assertThat(f.locked("1001", null)).isTrue();
        assertThat(f.locked("1002", "2001")).as("the agent, from any extension").isTrue();
        assertThat(f.locked("1002", "2002")).isFalse();
        clock.now = clock.now.plus(AgentFeatures.LOCK);
        assertThat(f.locked("1001", "2001")).isFalse();
        // wrong PINs spread over more than the window do not add up
        for (int i = 0; i < 2 * AgentFeatures.MAX_WRONG; i++) {
            assertThat(f.wrongPin("1003", "2003")).isFalse();
            clock.now = clock.now.plus(AgentFeatures.WINDOW.dividedBy(AgentFeatures.MAX_WRONG - 1).plus(Duration.ofSeconds(1)));
        }
        // typed agent numbers that do not exist are not kept
        assertThat(f.wrongPin("1004", "55555")).isFalse();
        assertThat(f.defaultAgent("1001")).isEmpty();
    }
}
