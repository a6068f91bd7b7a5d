package org.atende.call;

import java.util.concurrent.Executor;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;

/** What a call needs from the shard that owns it. All methods run on the shard's event loop. */
interface CallHost {

    TransactionLayer transactions();

    /** The shard's event loop, for posting work back from other threads. */
    Executor loop();

    /** Makes in-dialog requests and ACKs for {@code dialog} reach {@code leg}. */
    void bind(Dialog dialog, CallLeg leg);

    void unbind(Dialog dialog);

    /** The call has ended and released everything. */
    void ended(Call call);

    /** A Call-ID for a new outbound leg that lands on this shard. */
    String newCallId();

    ListenPoint listenPoint(Transport transport);

    /**
     * The listener that talks to {@code peer}: the one its messages arrive on (RFC 3261 §18.2.2: what we send back
     * leaves from there, and Via and Contact name it), else the first listener of its transport.
     */
    default ListenPoint listenPoint(org.atende.sip.transport.Endpoint peer) {
        return peer.local() != null && peer.local().transport() == peer.transport() ? peer.local()
                : listenPoint(peer.transport());
    }

    String domain();

    /** RFC 4028 session timers for anchored calls. */
    default org.atende.config.SessionTimerConfig sessionTimers() {
        return org.atende.config.SessionTimerConfig.DEFAULTS;
    }

    java.time.Clock clock();

    /** Anchored media for a new call on this shard. */
    CallMedia newCallMedia(String callId, boolean srtpToCallee, CallMedia.Events events);

    /** The directory for recordings of calls starting at {@code started} (one per day). */
    java.nio.file.Path recordingDirectory(java.time.Instant started);

    /** How long media may stop before a call is hung up. */
    java.time.Duration rtpTimeout();

    /** The registered contacts of {@code extension}, delivered on the shard's loop. */
    void lookupContacts(String extension, java.util.function.Consumer<java.util.List<org.atende.sip.registrar.Binding>> then);

    /**
     * For a queue offer, right before it rings: the contacts of {@code agent} for {@code ifFree}, or
     * {@code ifBusy} when the agent is on a call outside the queues. Either runs on the shard's loop.
     */
    void lookupAgent(String agent, java.util.function.Consumer<java.util.List<org.atende.sip.registrar.Binding>> ifFree,
                     Runnable ifBusy);

    /**
     * {@code extension} starts ({@code busy}) or ends a call outside the queues. Look-ups asked for afterwards see
     * it, whichever shard asks; the ACD hears of it too.
     */
    void otherCall(String extension, boolean busy);

    /**
     * Gives back what {@code call} holds of the shared limits (trunk channels, its call out) now, before its last
     * response leaves, so that the peer's next call cannot find them still taken; {@link #ended} does it too.
     */
    void releaseLimits(Object call);

    /**
     * Takes a channel of {@code trunk} for {@code call}, given back when the call ends; false (counted and logged)
     * when the trunk is at its {@code max_calls} or over its {@code calls_per_second}.
     */
    boolean takeTrunkChannel(Object call, String trunk);

    /**
     * Whether {@code call}'s flow may route to the external {@code number} (the toll-fraud guard: its kind, the
     * calls out at once, the minutes today); a refusal is logged by the guard.
     */
    boolean dialOut(Call call, String number);

    /** How long an answered call waits for the caller's ACK before it is hung up. */
    java.time.Duration ackTimeout();

    /** Where calls through {@code trunk} go (completes on any thread; hop back to {@link #loop()}). */
    java.util.concurrent.CompletableFuture<TrunkTarget> trunkTarget(String trunk);

    /** The ACD, or null when no queue is configured. */
    QueueService queues();

    java.util.Optional<org.atende.config.QueueConfig> queueConfig(String name);

    /** Decoded prompts (queue hold prompts). */
    org.atende.media.player.PromptCache prompts();

    /** A run of flow {@code flow} on {@code call} with {@code variables} (a queue's overflow to a flow). */
    java.util.Optional<IvrRun> flowRun(Call call, String flow, java.util.Map<String, String> variables);

    /** A callback as the ACD's member, on this shard. */
    CallbackMember callbackMember(CallbackMember.Callback callback, boolean callerOnLine);

    /** Whether the engine is stopping (no new call, no new callback attempt). */
    boolean stopping();

    /** An attempt of a callback started on this shard (it is hung up at a graceful stop). */
    void callbackStarted(CallbackCall attempt);

    /** The attempt let go of everything. */
    void callbackEnded(CallbackCall attempt);

    /** The country code of the numbers Atende serves. */
    String countryCode();

    /** Whether calls to {@code dialled} are recorded. */
    boolean recordsNumber(String dialled);

    /** What IVR runs on this shard use (a queue's callback dialogue). */
    IvrRun.Services ivrServices();

    /** Timers on the shard's loop. */
    org.atende.sip.transaction.TimerService timers();
}
