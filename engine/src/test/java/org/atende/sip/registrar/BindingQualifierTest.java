package org.atende.sip.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.atende.sip.transaction.ManualTimerService;
import org.atende.sip.transaction.RecordingSender;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.SipTimers;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transaction.TransactionUser;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;
import org.junit.jupiter.api.Test;

/** The qualify scheduler on a manual clock, through a real transaction layer whose sends are recorded. */
class BindingQualifierTest {

    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final ListenPoint LOCAL = new ListenPoint(Transport.UDP, new InetSocketAddress("127.0.0.1", 5060),
            "127.0.0.1");

    private final ManualTimerService timers = new ManualTimerService();
    private final java.time.Clock clock = timers.clock(START);
    private final RecordingSender sender = new RecordingSender(timers);
    private final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, new NoServer(),
            Runnable::run);
    private final OptionsProbe probe = new OptionsProbe(layer, peer -> LOCAL, "127.0.0.1", 0, 1);

    @Test
    void aPhoneIsProbedOnceAtATimeAndNoLongerOnceItsBindingExpired() {
        Binding phone = binding(1, Duration.ofSeconds(25));
        BindingQualifier qualifier = new BindingQualifier(user -> Optional.of(Duration.ofSeconds(10)), probe, clock,
                new SplittableRandom(7), List.of(phone));
        run(qualifier, Duration.ofSeconds(60));
        assertThat(optionsBranches()).as("the first OPTIONS (no answer) was still outstanding when the binding expired")
                .hasSize(1);
        assertThat(qualifier.reachable(phone)).as("an expired binding is forgotten, not marked").isTrue();
    }

    @Test
    void anAnsweringPhoneIsProbedEveryIntervalAndStaysReachable() {
        Binding phone = binding(1, Duration.ofHours(1));
        BindingQualifier qualifier = new BindingQualifier(user -> Optional.of(Duration.ofSeconds(10)), probe, clock,
                new SplittableRandom(7), List.of(phone));
        for (int i = 0; i < 600; i++) {
            timers.advanceMillis(100);
            qualifier.tick();
            for (RecordingSender.Sent s : sender.drain()) {
                if (s.isRequest("OPTIONS")) {
                    layer.onResponse(s.request().createResponse(200, "OK"), s.destination());
                }
            }
        }
        assertThat(qualifier.reachable(phone)).isTrue();
        assertThat(timers.pending()).as("nothing left scheduled beyond the transactions' own timers").isLessThan(5);
    }

    @Test
    void noMoreThanMaxPerTickOptionsLeaveAtOnce() {
        List<Binding> phones = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            phones.add(binding(i, Duration.ofHours(1)));
        }
        BindingQualifier qualifier = new BindingQualifier(user -> Optional.of(Duration.ofSeconds(1)), probe, clock,
                new SplittableRandom(7), phones);
        timers.advanceMillis(1_001);
        qualifier.tick();
        assertThat(optionsBranches()).hasSize(BindingQualifier.MAX_PER_TICK);
        qualifier.tick();
        qualifier.tick();
        assertThat(optionsBranches()).hasSize(120);
    }

    @Test
    void aPhoneThatDoesNotAnswerIsUnreachableUntilItRegistersAgain() {
        Binding phone = binding(1, Duration.ofHours(1));
        BindingQualifier qualifier = new BindingQualifier(user -> Optional.of(Duration.ofSeconds(10)), probe, clock,
                new SplittableRandom(7), List.of(phone));
        run(qualifier, Duration.ofSeconds(45)); // first OPTIONS within 10 s, Timer F 32 s later
        assertThat(qualifier.reachable(phone)).isFalse();
        Binding again = new Binding(phone.user(), phone.contactUri(), phone.source(), phone.callId(), phone.cseq() + 1,
                clock.instant().plusSeconds(3600), 1.0f, Optional.empty(), clock.instant());
        qualifier.registered(phone.user(), List.of(again));
        assertThat(qualifier.reachable(again)).isTrue();
        qualifier.registered(phone.user(), List.of());
        run(qualifier, Duration.ofSeconds(60));
        assertThat(optionsBranches()).as("an unregistered phone is not probed any more").hasSizeLessThanOrEqualTo(2);
    }

    private void run(BindingQualifier qualifier, Duration duration) {
        for (long t = 0; t < duration.toMillis(); t += 100) {
            timers.advanceMillis(100);
            qualifier.tick();
        }
    }

    private List<String> optionsBranches() {
        return sender.sent().stream().filter(s -> s.isRequest("OPTIONS"))
                .map(s -> s.request().getTopmostVia().getBranch()).distinct().toList();
    }

    private Binding binding(int n, Duration life) {
        Endpoint source = Endpoint.udp(new InetSocketAddress("127.0.0.1", 20000 + n));
        return new Binding("1001", "sip:1001@127.0.0.1:" + (20000 + n), source, "reg-" + n, 1,
                START.plus(life), 1.0f, Optional.empty(), START);
    }

    private static final class NoServer implements TransactionUser {
        @Override
        public void onRequest(ServerTransaction tx) {
        }

        @Override
        public void onCancel(ServerTransaction invite, SIPRequest cancel) {
        }

        @Override
        public void onAck(SIPRequest ack, Endpoint source) {
        }

        @Override
        public void onStrayResponse(SIPResponse response, Endpoint source) {
        }
    }
}
