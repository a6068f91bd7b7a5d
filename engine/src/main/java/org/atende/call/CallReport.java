package org.atende.call;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.atende.media.recorder.RecordingResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an ended call leaves behind: its end-of-call log lines (one for the call, one per media leg with its
 * figures) and its {@link CallRecord} for the observers, once the recording (if any) is closed. Runs on the call's
 * event loop; waiting for the recording never blocks it.
 */
final class CallReport {

    private static final Logger log = LoggerFactory.getLogger(Call.class);

    private CallReport() {
    }

    /**
     * Logs the ended call and hands its record to {@code observer}; with a {@code recording} still being written,
     * when it is closed, with its file (or none, if it failed) in the record.
     */
    static void callEnded(CallHost host, CallObserver observer, CompletableFuture<RecordingResult> recording,
                          CallRecord record) {
        logEnd(record);
        if (recording == null) {
            report(observer, record);
            return;
        }
        // the record names the finished file: wait for the writer to close it
        recording.whenCompleteAsync((result, failure) -> {
            boolean ok = result != null && result.succeeded();
            if (ok) {
                log.info("call {} recording {}: {} s", record.callId(), result.file(), result.duration().toSeconds());
            } else {
                log.error("call {} recording failed: {}", record.callId(), result != null ? result.failure() : failure);
            }
            report(observer, withRecording(record, ok ? result.file() : null));
        }, host.loop());
    }

    private static void logEnd(CallRecord r) {
        if (r.answered() != null) {
            log.info("call {} ended: {} -> {}, {}, talked {} s", r.callId(), r.caller(), r.destination(), r.endReason(),
                    Duration.between(r.answered(), r.ended()).toSeconds());
        } else {
            log.info("call {} ended unanswered: {} -> {}, {} after {} ms", r.callId(), r.caller(), r.destination(),
                    r.endReason(), Duration.between(r.started(), r.ended()).toMillis());
        }
        for (CallRecord.LegMedia m : r.media()) {
            log.info("call {} media {}: {}{}, received {} sent {} lost {} jitter {}/{} ms{}, RTCP {}{}", r.callId(),
                    m.leg(), m.codec(), m.secure() ? "/SRTP" : "", m.packetsReceived(), m.packetsSent(),
                    m.packetsLost(), String.format(Locale.ROOT, "%.1f", m.jitterMs()),
                    String.format(Locale.ROOT, "%.1f", m.jitterMaxMs()),
                    Double.isNaN(m.rttMs()) ? "" : String.format(Locale.ROOT, ", RTT %.0f ms", m.rttMs()),
                    m.rtcpReceived(),
                    Double.isNaN(m.mos()) ? "" : String.format(Locale.ROOT, ", MOS %.2f", m.mos()));
        }
    }

    private static CallRecord withRecording(CallRecord r, Path file) {
        return new CallRecord(r.callId(), r.caller(), r.dialled(), r.destination(), r.started(), r.answered(),
                r.ended(), r.endReason(), r.media(), file, r.ivr(), r.survey(), r.queue());
    }

    private static void report(CallObserver observer, CallRecord record) {
        try {
            observer.onCallEnded(record);
        } catch (RuntimeException e) {
            log.error("call {}: call observer failed", record.callId(), e);
        }
    }
}
