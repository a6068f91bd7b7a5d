package org.atende.call;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.atende.acd.Acd;
import org.atende.acd.AcdCommand;
import org.atende.acd.AgentResult;
import org.atende.acd.AgentStatus;
import org.atende.acd.QueueStats;
import org.atende.acd.Requirements;
import org.atende.config.AgentConfig;
import org.atende.config.AgentsConfig;
import org.atende.config.QueueConfig;
import org.atende.config.flow.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single owner of the ACD ({@link Acd}): one thread makes every queue decision and runs its timers. Calls
 * talk to it by message from their own loops, and it answers through each call's {@link Member}, whose methods
 * hop back to the call's loop. Thread-safe.
 *
 * <p>Messages that change what the ACD knows (an answer, a failed or declined offer, a call's end, an agent's
 * call outside the queues) are never dropped: losing one would leave an agent busy or ringing forever. Their
 * number is bounded by the calls in progress. What grows with load is new callers, so the back-pressure is
 * there: while {@value #MAX_PENDING} messages wait, {@link #enqueue} refuses the caller (who hears a busy tone)
 * and counts it ({@link #refusedArrivals()}), and the ACD catches up on the calls it already has.
 */
public final class QueueService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(QueueService.class);

    /** What the ACD asks of a queued call. Called on the ACD thread: implementations hand over to the call's loop. */
    public interface Member {
        String callId();

        /** The call waits at {@code position}; {@code relaxed}: nobody has its skills, any agent takes it. */
        void queued(String queue, int position, boolean relaxed);

        /**
         * Ring {@code agent}, logged in at {@code extension}, for this call; answer with offerAnswered, offerFailed
         * or offerDeclined.
         */
        void offer(String agent, String extension, Duration ringTimeout);

        /** Stop ringing {@code agent}: someone else took the call, or it left the queue. */
        void cancelOffer(String agent, AcdCommand.CancelOffer.Why why);

        /** Leave the queue for {@code target}. */
        void overflow(String queue, Node.Target target, String reason);

        /** The queue does not take the call, or takes it no more, and has no overflow: the caller hears busy. */
        void refused(String queue, String reason);
    }

    /** Messages waiting for the ACD thread beyond which new callers are refused: far beyond any real load. */
    static final int MAX_PENDING = 100_000;

    private final Acd acd;
    /** The one thread every decision and timer of the ACD runs on, and its inbox. */
    private final AcdThread thread;
    /** Callers refused by each queue because the ACD was behind (the queues are fixed at start). */
    private final Map<String, AtomicLong> refused;
    /** ACD thread only. */
    private final Map<String, Member> members = new HashMap<>();
    /** The pending callbacks' mirror on disk. ACD thread only. */
    private final QueueCallbacks callbacks;
    /** The ACD's decisions carried out. ACD thread only. */
    private final QueueCommands commands;

    public QueueService(Collection<QueueConfig> queues, Clock clock) {
        this(queues, AgentsConfig.NONE, clock);
    }

    /**
     * The ACD of {@code queues}, with the agents of {@code agents}; those with {@code start_at} (demo only) are
     * logged in there.
     */
    public QueueService(Collection<QueueConfig> queues, AgentsConfig agents, Clock clock) {
        this.acd = new Acd(queues, agents, clock, RandomGenerator.getDefault());
        this.callbacks = new QueueCallbacks(clock);
        this.thread = new AcdThread();
        this.commands = new QueueCommands(acd, thread, members, callbacks);
        Map<String, AtomicLong> counters = new LinkedHashMap<>();
        for (QueueConfig q : queues) {
            counters.put(q.name(), new AtomicLong());
            long served = agents.agents().stream().filter(a -> a.queues().containsKey(q.name())).count();
            log.info("queue {}: {} static member(s), {} agent(s), {}, ring {} s{}", q.name(), q.members().size(),
                    served, q.strategy().word(), q.ringTimeout().toSeconds(),
                    q.maxWait().map(w -> ", overflow after " + w.toSeconds() + " s").orElse(""));
        }
        this.refused = Map.copyOf(counters);
        for (AgentConfig a : agents.agents()) {
            a.startAt().ifPresent(extension -> post(() -> apply(acd.login(a.id(), extension,
                    "logged in at start (demo)").commands())));
        }
    }

    /**
     * {@code member}'s call enters {@code queue}. Any thread.
     *
     * @return false when the call was not taken: the ACD is {@value #MAX_PENDING} messages behind (counted in
     *         {@link #refusedArrivals}), or stopping
     */
    boolean enqueue(Member member, String queue, Requirements requirements) {
        if (thread.pending() >= MAX_PENDING) {
            AtomicLong counter = refused.get(queue);
            long n = counter == null ? 0 : counter.incrementAndGet();
            if (n % 1_000 == 1) {
                log.warn("ACD overloaded ({} messages waiting): call {} refused by queue {} (busy tone); refused by"
                        + " this queue so far: {}", thread.pending(), member.callId(), queue, n);
            }
            return false;
        }
        return post(() -> {
            members.put(member.callId(), member);
            apply(acd.enqueue(member.callId(), queue, requirements));
        });
    }

    void offerAnswered(String callId, String agent) {
        post(() -> apply(acd.offerAnswered(callId, agent)));
    }

    /**
     * {@code agent} answered {@code member}'s offer. If the call became a callback as they answered (the caller
     * confirmed it at that instant), the caller is on the line with the agent: the callback is cancelled.
     */
    void offerAnswered(Member member, String agent) {
        post(() -> {
            String callId = member.callId();
            if (members.get(callId) != member && members.get(callId) instanceof CallbackMember) {
                apply(acd.callbacks().cancel(callId, "an agent answered the caller as the callback was taken"));
                members.put(callId, member);
            }
            apply(acd.offerAnswered(callId, agent));
        });
    }

    void offerFailed(String callId, String agent, String reason) {
        post(() -> {
            log.info("call {}: agent {} did not take the call: {}", callId, agent, reason);
            apply(acd.offerFailed(callId, agent, reason));
        });
    }

    /** At ring time {@code agent} was on a call outside the queues: the offer goes to another agent. */
    void offerDeclined(String callId, String agent) {
        post(() -> {
            log.info("call {}: agent {} not rung: on another call", callId, agent);
            apply(acd.offerDeclined(callId, agent));
        });
    }

    /** The call ended (or its agent hung up and a survey goes on): the ACD forgets it. Idempotent. */
    void callEnded(String callId) {
        post(() -> {
            members.remove(callId);
            apply(acd.callEnded(callId));
        });
    }

    /**
     * {@code member}'s call ended: the ACD forgets it, unless another member serves the call id by now (a caller who
     * asked for a callback hangs up; the callback goes on waiting). Idempotent.
     */
    void callEnded(Member member) {
        post(() -> {
            if (members.remove(member.callId(), member)) {
                apply(acd.callEnded(member.callId()));
            }
        });
    }

    // ---- callbacks ----

    /**
     * The caller of {@code waiting} asks to be called back at {@code number} (E.164): if the ACD takes it, the call
     * keeps its place and {@code callback} serves it from now on. Completes with whether it was taken (false: the
     * queue has its callbacks' max_pending, or the call is no longer waiting).
     */
    CompletableFuture<Boolean> requestCallback(Member waiting, CallbackMember callback, String number) {
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        boolean posted = post(() -> {
            String callId = waiting.callId();
            if (members.get(callId) != waiting) {
                taken.complete(false);
                return;
            }
            members.put(callId, callback); // before the commands: the first offer may be among them
            try {
                List<AcdCommand> out = acd.callbacks().request(callId, number);
                boolean queued = out.stream().anyMatch(c -> c instanceof AcdCommand.CallbackQueued);
                if (!queued) {
                    members.put(callId, waiting);
                }
                // the offers withdrawn are the caller's, which go on ringing until its stay hears of them
                for (AcdCommand c : out) {
                    if (c instanceof AcdCommand.CancelOffer cancel) {
                        waiting.cancelOffer(cancel.agent(), cancel.why());
                    }
                }
                apply(out.stream().filter(c -> !(c instanceof AcdCommand.CancelOffer)).toList());
                // the caller hears "ligaremos para você" once the callback is on disk (or after 2 s: it is pending
                // in memory anyway, and the store goes on retrying)
                callbacks.saved(callId).completeOnTimeout(null, 2, java.util.concurrent.TimeUnit.SECONDS)
                        .whenComplete((done, failure) -> taken.complete(queued));
            } catch (RuntimeException e) {
                members.put(callId, waiting);
                taken.completeExceptionally(e);
                throw e;
            }
        });
        if (!posted) {
            taken.complete(false);
        }
        return taken;
    }

    /**
     * {@code agent} answered the offer of the callback {@code callId}; completes with whether the ACD gave it to
     * them (false: another agent's answer came first, or the callback was cancelled as it rang).
     */
    CompletableFuture<Boolean> callbackOfferAnswered(String callId, String agent) {
        CompletableFuture<Boolean> given = new CompletableFuture<>();
        if (!post(() -> {
            try {
                apply(acd.offerAnswered(callId, agent));
            } finally {
                given.complete(acd.view().agentCall(agent).filter(callId::equals).isPresent());
            }
        })) {
            given.complete(false);
        }
        return given;
    }

    /** The customer answered the callback: it is done (no longer pending). */
    void callbackAnswered(String callId) {
        post(() -> {
            callbacks.answered(callId);
            apply(acd.callbacks().answered(callId));
        });
    }

    /** The callback's attempt was over before its customer was called: no attempt counted. */
    void callbackNotDialled(String callId, String reason) {
        post(() -> apply(acd.callbacks().notDialled(callId, reason)));
    }

    /** The callback's attempt did not reach the customer (or its agent hung up first). */
    void callbackFailed(String callId, String reason) {
        post(() -> apply(acd.callbacks().failed(callId, reason)));
    }

    /**
     * At start: pending callbacks are kept in {@code store} from now on, and those it held before the restart wait
     * again (in the order asked for, before any new call arrives), each served by {@code member}'s.
     */
    public void restoreCallbacks(CallbackStore store, List<CallbackStore.Pending> pending,
                                 java.util.function.Function<CallbackStore.Pending, Member> member) {
        post(() -> {
            callbacks.keepIn(store);
            for (CallbackStore.Pending p : pending) {
                members.put(p.callId(), member.apply(p));
                // the store holds it already, with its attempts and when it may be offered again: not saved anew
                apply(acd.callbacks().restore(p.callId(), p.queue(),
                        org.atende.acd.Requirements.from(p.variables()).requirements(), p.number(), p.requestedAt(),
                        p.attempts(), p.notBefore()).stream()
                        .filter(c -> !(c instanceof AcdCommand.CallbackQueued)).toList());
            }
            if (!pending.isEmpty()) {
                log.info("{} callback(s) pending before the restart wait again", pending.size());
            }
        });
    }

    /**
     * An extension starts or ends a call that is not a queue call (it is not offered queue calls meanwhile).
     * Called by the registrations' owner, which keeps the truth of who is on such a call and checks it again
     * when an offer rings ({@link org.atende.sip.registrar.Registrations#lookupIfFree}); extensions that serve no queue
     * are left out here.
     */
    public void otherCall(String extension, boolean busy) {
        post(() -> apply(acd.otherCall(extension, busy)));
    }

    // ---- agents: what feature codes and the control port do ----

    /** {@code agent} logs in at {@code extension}. Any thread. */
    public CompletableFuture<AgentResult> login(String agent, String extension, String cause) {
        return operate(() -> acd.login(agent, extension, cause));
    }

    public CompletableFuture<AgentResult> logout(String agent, String cause) {
        return operate(() -> acd.logout(agent, cause));
    }

    /** {@code agent} pauses for {@code reason}, a configured or built-in reason's name. */
    public CompletableFuture<AgentResult> pause(String agent, String reason, String cause) {
        return operate(() -> acd.pause(agent, reason, cause));
    }

    public CompletableFuture<AgentResult> unpause(String agent, String cause) {
        return operate(() -> acd.unpause(agent, cause));
    }

    public CompletableFuture<AgentResult> setSkills(String agent, Map<String, Integer> skills) {
        return operate(() -> acd.setSkills(agent, skills));
    }

    /** The agent logged in at {@code extension}, if any. */
    public CompletableFuture<Optional<String>> agentAt(String extension) {
        return thread.read(() -> acd.view().agentAt(extension));
    }

    public CompletableFuture<Optional<AgentStatus>> agentStatus(String agent) {
        return thread.read(() -> acd.view().agentStatus(agent));
    }

    public CompletableFuture<List<AgentStatus>> agents() {
        return thread.read(() -> acd.view().agents());
    }

    private CompletableFuture<AgentResult> operate(java.util.function.Supplier<AgentResult> operation) {
        return thread.read(() -> {
            AgentResult r = operation.get();
            apply(r.commands());
            return r;
        });
    }

    /** What a waiting caller is told: their place (1: next) and the estimated wait, if there is one. */
    record Announcement(int position, Optional<Duration> estimatedWait) {
    }

    /** The call's place and estimated wait, read on the ACD thread; empty when it is not waiting. */
    CompletableFuture<Optional<Announcement>> announcement(String callId) {
        return thread.read(() -> acd.view().position(callId)
                .map(p -> new Announcement(p, acd.view().estimatedWait(callId))));
    }

    /** The call's place in its queue (1: next), empty when it is not waiting. */
    CompletableFuture<Optional<Integer>> position(String callId) {
        return thread.read(() -> acd.view().position(callId));
    }

    /** How many calls outside the queues an agent is on, as the ACD counts them. */
    public CompletableFuture<Integer> otherCalls(String extension) {
        return thread.read(() -> acd.view().otherCalls(extension));
    }

    /** A queue's figures, read on the ACD thread. */
    public CompletableFuture<QueueStats> stats(String queue) {
        return thread.read(() -> acd.view().stats(queue));
    }

    /** The call an agent rings for or talks on, as the ACD sees it (empty when none). */
    public CompletableFuture<Optional<String>> agentCall(String extension) {
        return thread.read(() -> acd.view().agentCall(extension));
    }

    /** An agent's state as the ACD sees it (empty when the extension is no queue's member). */
    public CompletableFuture<Optional<Acd.AgentState>> agentState(String extension) {
        return thread.read(() -> acd.view().agentState(extension));
    }

    private boolean post(Runnable task) {
        return thread.post(task);
    }

    /** Messages posted to the ACD thread and not yet run (for metrics). Any thread. */
    public int pendingMessages() {
        return thread.pending();
    }

    /** Callers every queue refused because the ACD was {@value #MAX_PENDING} messages behind. Any thread. */
    public long refusedArrivals() {
        return refused.values().stream().mapToLong(AtomicLong::get).sum();
    }

    /** Callers {@code queue} refused because the ACD was {@value #MAX_PENDING} messages behind. Any thread. */
    public long refusedArrivals(String queue) {
        AtomicLong counter = refused.get(queue);
        return counter == null ? 0 : counter.get();
    }

    private void apply(List<AcdCommand> commands) {
        this.commands.apply(commands);
    }


    @Override
    public void close() {
        thread.close();
    }
}
