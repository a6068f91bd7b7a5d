package org.atende.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.config.ConfigProblemsTest.load;
import static org.atende.config.ConfigProblemsTest.problems;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.atende.config.flow.Prompt;
import org.junit.jupiter.api.Test;

/** {@code queues.*.callback}: a waiting caller asks to be called back instead of waiting. */
class CallbackConfigTest {

    private static final String BASE = QueueConfigTest.BASE + """
              - { name: inbound, allow: [192.0.2.201] }
            """;

    @Test
    void aCallbackNeedsOnlyItsTrunk() throws Exception {
        QueueConfig q = load(BASE + """
                queues:
                  suporte:
                    members: ["1001"]
                    callback: { trunk: carrier }
                """).queue("suporte").orElseThrow();
        QueueConfig.Callback cb = q.callback().orElseThrow();
        assertThat(cb).isEqualTo(QueueConfig.Callback.through("carrier"));
        assertThat(cb.key()).isEqualTo('1');
        assertThat(cb.offer()).containsExactly(new Prompt.File(Path.of("builtin:pt-BR/retorno/oferta.wav")));
        assertThat(cb.offerAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cb.attempts()).isEqualTo(3);
        assertThat(cb.retryAfter()).isEqualTo(Duration.ofMinutes(2));
        assertThat(cb.ringTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(cb.callerId()).isEmpty();
        assertThat(cb.maxPending()).isEqualTo(100);
    }

    @Test
    void everyCallbackSettingBinds() throws Exception {
        QueueConfig q = load(BASE + """
                queues:
                  suporte:
                    members: ["1001"]
                    callback:
                      trunk: carrier
                      key: "*"
                      offer: [builtin:pt-BR/aguarde.wav]
                      offer_after: 0s
                      caller_id: "+55 11 4000-0000"
                      attempts: 5
                      retry_after: 10m
                      ring_timeout: 45s
                      max_pending: 20
                """).queue("suporte").orElseThrow();
        assertThat(q.callback()).contains(new QueueConfig.Callback('*',
                List.of(new Prompt.File(Path.of("builtin:pt-BR/aguarde.wav"))), Duration.ZERO, "carrier",
                Optional.of("+551140000000"), 5, Duration.ofMinutes(10), Duration.ofSeconds(45), 20));
        assertThat(load(BASE + """
                queues:
                  suporte: { members: ["1001"] }
                """).queue("suporte").orElseThrow().callback()).isEmpty();
    }

    @Test
    void callbackMistakesAreReportedWithTheirLines() {
        assertThat(problems(BASE + """
                queues:
                  a:
                    members: ["1001"]
                    callback: { key: "5", attempts: 0, retry_after: 5s, ring_timeout: 3m, caller_id: "x1" }
                  b:
                    members: ["1001"]
                    callback: { trunk: inbound, key: "55" }
                  c:
                    members: ["1001"]
                    callback: { trunk: carier, max_pending: 0, offer_afterr: 1s }
                """)).containsExactly(
                "t.yaml:15: queues.a.callback.trunk: is required",
                "t.yaml:15: queues.a.callback.key: needs an offer prompt of its own (the built-in one says \"digite 1\")",
                "t.yaml:15: queues.a.callback.caller_id: \"x1\" is not a phone number",
                "t.yaml:15: queues.a.callback.attempts: 0 is out of range 1..10",
                "t.yaml:15: queues.a.callback.retry_after: \"5s\" is shorter than 30s",
                "t.yaml:15: queues.a.callback.ring_timeout: is longer than 2m",
                "t.yaml:18: queues.b.callback.trunk: trunk inbound places no calls (give it outbound.proxy, or a"
                        + " registration)",
                "t.yaml:18: queues.b.callback.key: \"55\" is not a key (one of 0-9, * or #)",
                "t.yaml:21: queues.c.callback.offer_afterr: unknown key (did you mean offer_after?)",
                "t.yaml:21: queues.c.callback.trunk: \"carier\" is not a configured trunk (did you mean carrier?)",
                "t.yaml:21: queues.c.callback.max_pending: 0 is out of range 1..100000");
    }
}
