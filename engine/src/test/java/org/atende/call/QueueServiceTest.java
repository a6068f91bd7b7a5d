package org.atende.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.atende.acd.Acd.AgentState;
import org.atende.config.QueueConfig;
import org.atende.config.QueueConfig.Member;
import org.atende.config.QueueConfig.Strategy;
import org.junit.jupiter.api.Test;

/** The ACD's thread and its inbox: what waits, what is refused, and that nothing that changes state is lost. */
class QueueServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * 1001 talks on c1; the ACD falls {@value QueueService#MAX_PENDING} messages behind. The end of c1 still gets
     * through (1001 would otherwise stay busy forever); a new caller is refused and counted instead.
     */
    @Test
    void theEndOfACallIsNeverDroppedAndNewCallersAreRefusedWhileTheAcdIsBehind() throws Exception {
        try (QueueService acd = new QueueService(List.of(queue("q", "1001"), queue("espera", "1009")),
                Clock.systemUTC())) {
            ScriptedCall talking = ScriptedCall.enter(acd, "c1", "q");
            assertThat(talking.awaitOffer(WAIT)).isEqualTo("1001");
            talking.answer("1001");
            assertThat(acd.agentState("1001").get(5, TimeUnit.SECONDS)).contains(AgentState.ON_CALL);

            try (ScriptedCall.Hold hold = ScriptedCall.hold(acd, "espera")) {
                ScriptedCall.backlog(acd, QueueService.MAX_PENDING);
                talking.end();
                ScriptedCall late = ScriptedCall.enter(acd, "c2", "q");
                assertThat(late.entered()).as("a new caller is refused while the ACD is behind").isFalse();
                assertThat(acd.refusedArrivals("q")).isEqualTo(1);
                assertThat(acd.refusedArrivals()).isEqualTo(1);
            }
            assertThat(acd.agentState("1001").get(30, TimeUnit.SECONDS)).as("the end of c1 reached the ACD")
                    .contains(AgentState.AVAILABLE);
            ScriptedCall next = ScriptedCall.enter(acd, "c3", "q");
            assertThat(next.entered()).as("caught up: callers are taken again").isTrue();
            assertThat(next.awaitOffer(WAIT)).isEqualTo("1001");
            assertThat(acd.refusedArrivals()).isEqualTo(1);
        }
    }

    private static QueueConfig queue(String name, String agent) {
        return new QueueConfig(name, List.of(new Member(agent, Map.of())), Strategy.LINEAR, Duration.ofSeconds(15),
                Optional.empty(), Optional.empty(), Duration.ZERO, List.of(), Optional.empty());
    }
}
