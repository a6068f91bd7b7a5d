package org.atende.call;

import org.atende.sip.core.CoreServices;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;

/**
 * What every shard shares: thread-safe services and read-only configuration; the UAS core's part
 * ({@link CoreServices}: identity, registrations, request checks, stopping) and the calls'.
 */
public interface CallServices extends CoreServices {

    CallRouter router();

    ListenPoint listenPoint(Transport transport);

    /** A call started (for the graceful stop's count). Any thread. */
    void callStarted();

    /** A call ended (for the graceful stop's count). Any thread. */
    void callEnded();

    /** The IVR flow named {@code name}. */
    java.util.Optional<org.atende.config.flow.FlowConfig> flow(String name);

    /** Decoded prompts, loaded with the configuration. */
    org.atende.media.player.PromptCache prompts();

    /** For CRM look-ups. */
    java.net.http.HttpClient http();

    /**
     * Where calls through {@code trunk} go: its proxy resolved (DNS may take a while; the future completes on
     * another thread), or a failure saying why the trunk cannot place calls.
     */
    default java.util.concurrent.CompletableFuture<TrunkTarget> trunkTarget(String trunk) {
        return java.util.concurrent.CompletableFuture.failedFuture(
                new IllegalStateException("trunk " + trunk + " places no calls"));
    }

    /** The ACD, or null when no queue is configured. */
    default QueueService queues() {
        return null;
    }

    default java.util.Optional<org.atende.config.QueueConfig> queue(String name) {
        return java.util.Optional.empty();
    }

    /** The country code of the numbers Atende serves ({@code server.country_code}). */
    default String countryCode() {
        return "55";
    }

    /** Whether calls to {@code dialled} (a number as the carrier sent it) are recorded. */
    default boolean recordsNumber(String dialled) {
        return false;
    }

    /** The agent feature codes, or null when no queue is configured. */
    default AgentFeatures agentFeatures() {
        return null;
    }

    /** A run of feature code {@code feature} for {@code call}, on {@code services}' loop. */
    default IvrRun agentFeature(Call call, CallRoute.ToFeature feature, IvrRun.Services services) {
        AgentFeature session = new AgentFeature(agentFeatures(), feature.code(), feature.argument(),
                feature.caller().user(), call.id(), services.loop());
        IvrRun run = new IvrRun(call, session, services, false);
        session.attach(run);
        return run;
    }

    /** RFC 4028 session timers for anchored calls. */
    default org.atende.config.SessionTimerConfig sessionTimers() {
        return org.atende.config.SessionTimerConfig.DEFAULTS;
    }

    /** The trunks' channels and calls per second; null: no trunk is bounded (tests). */
    default TrunkChannels trunkChannels() {
        return null;
    }

    /** The toll-fraud guard on calls to external numbers; null: none (tests). */
    default org.atende.security.DialOutGuard dialOut() {
        return null;
    }

    /** The Retry-After, in seconds, of a 503 for a call refused by its trunk's limits. */
    default int retryAfterSeconds() {
        return 5;
    }

    /** How long an answered call waits for the caller's ACK before it is hung up. */
    default java.time.Duration ackTimeout() {
        return org.atende.config.SecurityConfig.DEFAULT_ACK_TIMEOUT;
    }

    /** Who hears about digits and ended calls. */
    default CallObserver observer() {
        return CallObserver.NONE;
    }
}
