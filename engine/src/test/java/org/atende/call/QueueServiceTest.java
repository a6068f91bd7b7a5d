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

    /**
     * A callback pending before a restart, with two attempts failed and its next one an hour away, waits again
     * and stays in the store as it was: the restore writes nothing over its attempts or its time.
     */
    @Test
    void aRestoredCallbackKeepsItsAttemptsAndItsTimeInTheStore(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = dir.resolve("callbacks.json");
        java.time.Instant now = Clock.systemUTC().instant();
        CallbackStore.Pending pending = new CallbackStore.Pending("c9", "q", "+5511987654321", "08001234567",
                Map.of("priority", "5"), now.minusSeconds(600), 2, now.plusSeconds(3600));
        try (CallbackStore first = new CallbackStore(file, Runnable::run)) {
            first.put(pending).get(5, TimeUnit.SECONDS);
        }
        QueueConfig q = queue("q", "1001").withCallback(Optional.of(QueueConfig.Callback.through("carrier")));
        try (QueueService acd = new QueueService(List.of(q), Clock.systemUTC());
             CallbackStore store = new CallbackStore(file, Runnable::run)) {
            List<CallbackStore.Pending> loaded = store.load();
            acd.restoreCallbacks(store, loaded, p -> ScriptedCall.member(acd, p.callId()));
            assertThat(acd.stats("q").get(5, TimeUnit.SECONDS).callbacksPending()).isEqualTo(1);
            assertThat(acd.agentCall("1001").get(5, TimeUnit.SECONDS)).as("not offered before its time").isEmpty();
        }
        try (CallbackStore after = new CallbackStore(file, Runnable::run)) {
            assertThat(after.load()).containsExactly(pending);
        }
    }

    private static QueueConfig queue(String name, String agent) {
        return new QueueConfig(name, List.of(new Member(agent, Map.of())), Strategy.LINEAR, Duration.ofSeconds(15),
                Optional.empty(), Optional.empty(), Duration.ZERO, List.of(), Optional.empty());
    }
}
