package org.atende.sip.transaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.atende.sip.transaction.TransactionState.ACCEPTED;
import static org.atende.sip.transaction.TransactionState.CALLING;
import static org.atende.sip.transaction.TransactionState.COMPLETED;
import static org.atende.sip.transaction.TransactionState.CONFIRMED;
import static org.atende.sip.transaction.TransactionState.PROCEEDING;
import static org.atende.sip.transaction.TransactionState.TERMINATED;
import static org.atende.sip.transaction.TransactionState.TRYING;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.atende.sip.transport.Endpoint;
import org.atende.sip.transport.Transport;

/**
 * Random interleavings of what can happen to each of the four state machines (retransmissions, responses of every
 * class, ACKs, CANCELs, clock jumps, failed sends, UDP or TCP) never leave the RFC's arrows, never call the TU
 * out of turn, and always end with every transaction TERMINATED and the tables empty.
 */
class TransactionStateMachinePropertyTest {

    /** The arrows of RFC 3261 Figures 5–8 with RFC 6026's Accepted state; {@code null} is creation. */
    private static final Map<Class<?>, Set<List<TransactionState>>> ARROWS = Map.of(
            InviteServerTransaction.class, Set.of(
                    arrow(null, PROCEEDING), arrow(PROCEEDING, COMPLETED), arrow(PROCEEDING, ACCEPTED),
                    arrow(PROCEEDING, TERMINATED), arrow(COMPLETED, CONFIRMED), arrow(COMPLETED, TERMINATED),
                    arrow(CONFIRMED, TERMINATED), arrow(ACCEPTED, TERMINATED)),
            NonInviteServerTransaction.class, Set.of(
                    arrow(null, TRYING), arrow(TRYING, PROCEEDING), arrow(TRYING, COMPLETED),
                    arrow(PROCEEDING, COMPLETED), arrow(PROCEEDING, TERMINATED), arrow(COMPLETED, TERMINATED)),
            InviteClientTransaction.class, Set.of(
                    arrow(null, CALLING), arrow(CALLING, PROCEEDING), arrow(CALLING, COMPLETED),
                    arrow(CALLING, ACCEPTED), arrow(CALLING, TERMINATED), arrow(PROCEEDING, COMPLETED),
                    arrow(PROCEEDING, ACCEPTED), arrow(PROCEEDING, TERMINATED), arrow(COMPLETED, TERMINATED),
                    arrow(ACCEPTED, TERMINATED)),
            NonInviteClientTransaction.class, Set.of(
                    arrow(null, TRYING), arrow(TRYING, PROCEEDING), arrow(TRYING, COMPLETED),
                    arrow(TRYING, TERMINATED), arrow(PROCEEDING, COMPLETED), arrow(PROCEEDING, TERMINATED),
                    arrow(COMPLETED, TERMINATED)));

    private static List<TransactionState> arrow(TransactionState from, TransactionState to) {
        return java.util.Arrays.asList(from, to);
    }

    // ---- the steps ------------------------------------------------------------------------------------------

    sealed interface Step {
    }

    /** The peer retransmits its request (server side). */
    record Retransmit() implements Step {
    }

    /** The TU (server side) or the peer (client side) sends a response with this status and To tag. */
    record Respond(int status, String toTag) implements Step {
    }

    /** An ACK from the peer: with the INVITE's branch (non-2xx ACK) or a new one (2xx ACK). */
    record Ack(boolean sameBranch) implements Step {
    }

    /** A CANCEL: received from the peer (server side) or {@code tx.cancel()} (client side). */
    record Cancel() implements Step {
    }

    /** The peer answers our CANCEL (client side). */
    record AnswerCancel(int status) implements Step {
    }

    record Advance(long millis) implements Step {
    }

    /** The next send fails; the failure is reported inline. */
    record FailNextSend() implements Step {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> status = Arbitraries.of(100, 180, 183, 200, 202, 302, 404, 408, 486, 487, 500, 603);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Retransmit())),
                net.jqwik.api.Tuple.of(5, Combinators.combine(status, Arbitraries.of("t1", "t2"))
                        .as((s, tag) -> (Step) new Respond(s, tag))),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(true, false).map(same -> (Step) new Ack(same))),
                net.jqwik.api.Tuple.of(2, Arbitraries.just(new Cancel())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(200, 481).map(s -> (Step) new AnswerCancel(s))),
                net.jqwik.api.Tuple.of(4, Arbitraries.oneOf(Arbitraries.longs().between(0, 2_000),
                        Arbitraries.longs().between(0, 40_000)).map(ms -> (Step) new Advance(ms))),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new FailNextSend())));
        return step.list().ofMaxSize(25);
    }

    // ---- the harness ----------------------------------------------------------------------------------------

    private final class Harness {
        final ManualTimerService timers = new ManualTimerService();
        final RecordingSender sender = new RecordingSender(timers);
        final RecordingUser user = new RecordingUser();
        final TransactionLayer layer = new TransactionLayer(sender, timers, SipTimers.RFC3261, user, Runnable::run);
        final Map<Object, TransactionState> lastState = new IdentityHashMap<>();
        final List<String> illegal = new ArrayList<>();
        boolean failNext;

        Harness() {
            layer.observeTransitions((tx, from, to) -> {
                Set<List<TransactionState>> allowed = ARROWS.get(tx.getClass());
                if (!allowed.contains(arrow(from, to)) || lastState.get(tx) != from) {
                    illegal.add(tx.getClass().getSimpleName() + " " + from + " -> " + to);
                }
                lastState.put(tx, to);
            });
            sender.failWhen(message -> {
                boolean fail = failNext;
                failNext = false;
                return fail;
            });
        }

        void finish() {
            sender.deliverAll();
            timers.advance(Duration.ofMinutes(5));
            assertThat(illegal).isEmpty();
            assertThat(lastState.values()).containsOnly(TERMINATED);
            assertThat(layer.size()).isZero();
            assertThat(timers.pending()).as("no timer left behind").isZero();
        }
    }

    private static Endpoint peer(boolean tcp) {
        return new Endpoint(tcp ? Transport.TCP : Transport.UDP, new InetSocketAddress("192.0.2.10", 5060));
    }

    // ---- server side ----------------------------------------------------------------------------------------

    @Property(tries = 300)
    void inviteServerStaysOnTheArrows(@ForAll("steps") List<Step> steps, @ForAll boolean tcp) {
        runServer("INVITE", steps, tcp);
    }

    @Property(tries = 300)
    void nonInviteServerStaysOnTheArrows(@ForAll("steps") List<Step> steps, @ForAll boolean tcp) {
        runServer("OPTIONS", steps, tcp);
    }

    private void runServer(String method, List<Step> steps, boolean tcp) {
        Harness h = new Harness();
        Endpoint peer = peer(tcp);
        Messages.Req request = Messages.request(method);
        if (tcp) {
            request.tcp();
        }
        h.layer.onRequest(request.build(), peer);
        int ackBranch = 0;
        for (Step step : steps) {
            ServerTransaction tx = h.user.lastRequest();
            if (step instanceof Retransmit) {
                h.layer.onRequest(request.build(), peer);
            } else if (step instanceof Respond r) {
                tx.respond(r.status());
            } else if (step instanceof Ack a) {
                SIPResponse last = lastResponse(tx);
                String toTag = last == null || last.getToTag() == null ? "t1" : last.getToTag();
                h.layer.onRequest(request.as("ACK").toTag(toTag)
                        .branch(a.sameBranch() ? "z9hG4bK-branch-1" : "z9hG4bK-ack-" + ackBranch++).build(), peer);
            } else if (step instanceof Cancel) {
                h.layer.onRequest(request.as("CANCEL").build(), peer);
            } else if (step instanceof Advance a) {
                h.timers.advanceMillis(a.millis());
            } else if (step instanceof FailNextSend) {
                h.failNext = true;
            }
        }
        // A TU always answers in the end; then the transactions must clean up on their own.
        h.sender.deliverAll();
        for (ServerTransaction tx : h.user.requests) {
            if (tx.state() == PROCEEDING || tx.state() == TRYING) {
                tx.respond(500);
            }
        }
        h.finish();
        Map<ServerTransaction, Integer> notices = new IdentityHashMap<>();
        h.user.ackTimeouts.forEach(tx -> notices.merge(tx, 1, Integer::sum));
        h.user.transportErrors.forEach(tx -> notices.merge(tx, 1, Integer::sum));
        assertThat(notices.values()).as("at most one ack timeout or transport error per transaction").allMatch(n -> n == 1);
        assertThat(h.user.terminated).hasSize(h.user.requests.size()).doesNotHaveDuplicates();
        assertThat(h.user.requests).allMatch(tx -> tx.state() == TERMINATED);
        if (!"INVITE".equals(method)) {
            assertThat(h.user.ackTimeouts).isEmpty();
            assertThat(h.user.cancels).isEmpty();
        }
    }

    private static SIPResponse lastResponse(ServerTransaction tx) {
        return tx instanceof AbstractServerTransaction server ? server.lastResponse : null;
    }

    // ---- client side ----------------------------------------------------------------------------------------

    @Property(tries = 300)
    void inviteClientStaysOnTheArrows(@ForAll("steps") List<Step> steps, @ForAll boolean tcp) {
        runClient(Messages.invite().branch(TransactionLayer.newBranch()).build(), steps, tcp);
    }

    @Property(tries = 300)
    void nonInviteClientStaysOnTheArrows(@ForAll("steps") List<Step> steps, @ForAll boolean tcp) {
        runClient(Messages.request("BYE").toTag("t1").branch(TransactionLayer.newBranch()).build(), steps, tcp);
    }

    private void runClient(SIPRequest request, List<Step> steps, boolean tcp) {
        Harness h = new Harness();
        Endpoint peer = peer(tcp);
        RecordingClientListener tu = new RecordingClientListener();
        boolean invite = "INVITE".equals(request.getMethod());
        ClientTransaction tx = h.layer.sendRequest(request, peer, tu);
        for (Step step : steps) {
            if (step instanceof Respond r) {
                h.layer.onResponse(Messages.response(request, r.status(), r.toTag()), peer);
            } else if (step instanceof Cancel) {
                tx.cancel();
            } else if (step instanceof AnswerCancel a) {
                h.sender.sent().stream().filter(s -> s.isRequest("CANCEL")).findFirst()
                        .ifPresent(s -> h.layer.onResponse(Messages.response(s.request(), a.status(), "t1"), peer));
            } else if (step instanceof Advance a) {
                h.timers.advanceMillis(a.millis());
            } else if (step instanceof FailNextSend) {
                h.failNext = true;
            }
        }
        tx.cancel(); // a TU gives up on a call that is still ringing
        h.finish();

        List<String> events = tu.events;
        int finals = (int) events.stream().filter(e -> e.matches("[2-6]xx")).count();
        int ends = (int) events.stream().filter(e -> e.equals("timeout") || e.equals("error")).count();
        assertThat(ends).as("timeout or transport error at most once: " + events).isLessThanOrEqualTo(1);
        if (ends == 1) {
            assertThat(events.get(events.size() - 1)).as("nothing after a timeout or error: " + events)
                    .isIn("timeout", "error");
            assertThat(finals).as("no timeout after a final: " + events).isZero();
        }
        if (invite) {
            assertThat(events.stream().filter(e -> e.matches("[3-6]xx")).count())
                    .as("a non-2xx final is passed up once: " + events).isLessThanOrEqualTo(1);
            int firstFinal = firstMatching(events, "[2-6]xx");
            if (firstFinal >= 0 && events.get(firstFinal).equals("2xx")) {
                assertThat(events.subList(firstFinal, events.size())).as("after a 2xx only 2xx: " + events).containsOnly("2xx");
            }
            boolean cancelSent = h.sender.sent().stream().anyMatch(s -> s.isRequest("CANCEL"));
            if (cancelSent) {
                assertThat(events).as("CANCEL only after a provisional: " + events).contains("1xx");
            }
        } else {
            assertThat(finals).as("at most one final for a non-INVITE: " + events).isLessThanOrEqualTo(1);
        }
        assertThat(tx.state()).isEqualTo(TERMINATED);
    }

    private static int firstMatching(List<String> events, String regex) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).matches(regex)) {
                return i;
            }
        }
        return -1;
    }
}
