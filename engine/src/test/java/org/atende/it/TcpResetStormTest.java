package org.atende.it;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.atende.config.ConfigLoader;
import org.atende.engine.Engine;
import org.atende.trunk.LogCapture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A scanner opening 10,000 TCP connections, each sending half a request and then resetting (SO_LINGER 0): the
 * engine counts them and writes a summary line per interval, no line per connection and no stack trace, and keeps
 * serving.
 */
class TcpResetStormTest {

    @TempDir
    Path data;

    @Test
    void tenThousandResetConnectionsMakeAFewSummaryLinesAndNoStackTrace() throws Exception {
        int port = EngineFixture.freePort();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> everything = new ListAppender<>();
        everything.start();
        root.addAppender(everything);
        Engine engine = Engine.start(ConfigLoader.parse(EngineFixture.yaml(port, data, "MD5"), "tcp.yaml", Map.of()));
        try (LogCapture summary = new LogCapture("org.atende.engine.ConnectionErrorSummary")) {
            byte[] half = "OPTIONS sip:127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1".getBytes(StandardCharsets.US_ASCII);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            int opened = 0;
            for (; opened < 10_000 && System.nanoTime() < deadline; opened++) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                    OutputStream out = s.getOutputStream();
                    out.write(half);
                    out.flush();
                    s.setSoLinger(true, 0); // close with RST
                }
            }
            assertThat(opened).isEqualTo(10_000);
            assertThat(summary.await(Level.WARN, "SIP connections closed on errors", Duration.ofSeconds(15)))
                    .as("a summary within an interval").isTrue();
            long deadlineCount = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (engine.meters().get("sip.connections.errors").functionCounter().count() < 9_000
                    && System.nanoTime() < deadlineCount) {
                Thread.sleep(100);
            }
            assertThat(engine.meters().get("sip.connections.errors").functionCounter().count())
                    .as("nearly every reset counted").isGreaterThanOrEqualTo(9_000);
            assertThat(summary.all()).as("a few lines, not one per connection").hasSizeBetween(1, 8);
            try (TestUa phone = TestUa.overTcp("1001", new InetSocketAddress("127.0.0.1", port))) {
                assertThat(phone.register("demo1001", 300).getStatusCode()).as("still serving").isEqualTo(200);
            }
        } finally {
            engine.stop();
            root.detachAppender(everything);
        }
        List<ILoggingEvent> traces;
        synchronized (everything) {
            traces = everything.list.stream().filter(e -> e.getThrowableProxy() != null).toList();
        }
        assertThat(traces).as("no stack trace").isEmpty();
        synchronized (everything) {
            assertThat(everything.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).count())
                    .as("warnings and errors: the summaries only").isLessThanOrEqualTo(8);
        }
    }
}
