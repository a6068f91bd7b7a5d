package org.atende.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/**
 * Fails a test class after which Netty's leak detector (paranoid in the build) reported a buffer that was never
 * released. Registered for every test class of the modules that use Netty (JUnit's extension auto-detection, see
 * {@code junit-platform.properties}). After each class it collects garbage and allocates a few buffers, which is
 * when the detector looks for buffers collected unreleased, then fails if it logged any.
 */
public final class NettyLeakCheck implements AfterAllCallback {

    private static final Reports REPORTS = install();

    @Override
    public void afterAll(ExtensionContext context) {
        check(context.getDisplayName());
    }

    /** Throws when Netty reported a leak since the last check; {@code after} names what ran meanwhile. */
    static void check(String after) {
        for (int i = 0; i < 3; i++) {
            System.gc();
            for (int j = 0; j < 64; j++) {
                ByteBuf pooled = PooledByteBufAllocator.DEFAULT.buffer(16);
                pooled.release();
                ByteBuf unpooled = UnpooledByteBufAllocator.DEFAULT.buffer(16);
                unpooled.release();
            }
        }
        List<String> leaks = REPORTS.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError("Netty reported " + leaks.size() + " leaked buffer(s) after "
                    + after + ":\n" + String.join("\n\n", leaks));
        }
    }

    private static Reports install() {
        Reports reports = new Reports();
        Logger detector = (Logger) LoggerFactory.getLogger(ResourceLeakDetector.class);
        reports.setContext(detector.getLoggerContext());
        reports.start();
        detector.addAppender(reports);
        detector.setLevel(Level.ERROR);
        return reports;
    }

    /** Every ERROR the leak detector logs ("LEAK: ByteBuf.release() was not called …"). */
    private static final class Reports extends AppenderBase<ILoggingEvent> {
        private final List<String> seen = new ArrayList<>();

        @Override
        protected synchronized void append(ILoggingEvent event) {
            if (event.getLevel().isGreaterOrEqual(Level.ERROR)) {
                seen.add(event.getFormattedMessage());
            }
        }

        synchronized List<String> drain() {
            List<String> copy = List.copyOf(seen);
            seen.clear();
            return copy;
        }
    }
}
