package org.atende.call;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.atende.security.DialOutGuard;

/**
 * What one shard's calls hold of the limits shared by every shard: trunk channels ({@link TrunkChannels}: one
 * inbound from a trunk, one out through a trunk) and calls to external numbers ({@link DialOutGuard}). Everything is
 * given back when the call ends ({@link #ended}). Runs on the shard's loop only; the shared limits are thread-safe.
 */
final class CallsOut {

    private record Out(DialOutGuard.Ticket ticket) {
    }

    private final TrunkChannels channels;
    private final DialOutGuard dialOut;
    private final Clock clock;
    private final Map<Object, List<String>> trunks = new HashMap<>();
    private final Map<Object, Out> calls = new HashMap<>();

    /** Either may be null: nothing bounded (tests). */
    CallsOut(TrunkChannels channels, DialOutGuard dialOut, Clock clock) {
        this.channels = channels;
        this.dialOut = dialOut;
        this.clock = clock;
    }

    /** Takes a channel of {@code trunk} for {@code call}; empty when taken, else why not. */
    Optional<TrunkChannels.Refusal> takeTrunk(Object call, String trunk) {
        if (channels == null) {
            return Optional.empty();
        }
        Optional<TrunkChannels.Refusal> refusal = channels.acquire(trunk);
        if (refusal.isEmpty()) {
            trunks.computeIfAbsent(call, c -> new ArrayList<>(1)).add(trunk);
        }
        return refusal;
    }

    /** {@code call} holds a channel of {@code trunk} already taken (an inbound call, before it was admitted). */
    void holdTrunk(Call call, String trunk) {
        trunks.computeIfAbsent(call, c -> new ArrayList<>(1)).add(trunk);
    }

    /**
     * Lets {@code call} dial {@code number} (from {@code extension}, or null for a flow's route); false when the
     * toll-fraud guard refused it (it logged why).
     */
    boolean dialOut(Call call, String extension, String number) {
        if (dialOut == null) {
            return true;
        }
        if (calls.containsKey(call)) {
            return false; // one call out per call: a second would leak the first ticket
        }
        Optional<DialOutGuard.Ticket> ticket = dialOut.admit(extension, number, call.id());
        ticket.ifPresent(t -> calls.put(call, new Out(t)));
        return ticket.isPresent();
    }

    /** {@code call} ended: its channels and its call out given back, its minutes counted. */
    void ended(Object call) {
        List<String> held = trunks.remove(call);
        if (held != null) {
            held.forEach(channels::release);
        }
        Out out = calls.remove(call);
        if (out != null) {
            dialOut.ended(out.ticket(), Duration.between(out.ticket().started(), clock.instant()));
        }
    }
}
