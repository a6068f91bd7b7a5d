package org.atende.bench;

import gov.nist.javax.sip.message.SIPRequest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.atende.config.SecurityConfig;
import org.atende.config.SecurityConfig.Rate;
import org.atende.config.SecurityConfig.RateLimits;
import org.atende.security.AuthGuard;
import org.atende.security.OverloadGuard;
import org.atende.security.RateLimiter;
import org.atende.security.SecurityLog;
import org.atende.security.SourceGate;
import org.atende.sip.auth.AuthFailure;
import org.atende.sip.message.ParseOutcome;
import org.atende.sip.message.SipParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the front gate costs per request ({@link SourceGate#check}: the ban look-up, the source's token bucket, the
 * overload reading), for a REGISTER: from a trusted source, from 1,000 sources under their limits, and from a
 * banned source (refused: the 403 built). Parsing is outside the measurement.
 *
 * <pre>java -jar bench/target/benchmarks.jar SourceGateBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SourceGateBenchmark {

    private SourceGate gate;
    private SIPRequest register;
    private InetAddress trusted;
    private InetAddress banned;
    private InetAddress[] sources;
    private int next;

    @Setup
    public void setUp() throws Exception {
        byte[] bytes = SipParserBenchmark.REGISTER;
        register = (SIPRequest) ((ParseOutcome.Parsed) new SipParser(65535).parse(bytes, 0, bytes.length)).message();
        trusted = InetAddress.getByName("10.0.0.1");
        banned = InetAddress.getByName("203.0.113.66");
        sources = new InetAddress[1000];
        for (int i = 0; i < sources.length; i++) {
            sources[i] = InetAddress.getByName("198.51." + (100 + i / 250) + "." + (i % 250 + 1));
        }
        SecurityLog log = new SecurityLog();
        java.util.function.Predicate<InetAddress> exempt = trusted::equals;
        AuthGuard guard = new AuthGuard(SecurityConfig.AuthFailures.DEFAULTS, exempt, u -> true, Clock.systemUTC(),
                log, 65_536);
        // limits high enough that the 1,000 sources stay under them: the bucket's arithmetic, not the refusal
        RateLimiter limiter = new RateLimiter(new RateLimits(new Rate(1_000_000, 2_000_000), new Rate(10, 20),
                new Rate(50, 100), 65_536, Duration.ofSeconds(5)), exempt, System::nanoTime, log);
        OverloadGuard overload = new OverloadGuard(List.of(() -> 0L, () -> 0L), Duration.ofMillis(200));
        gate = new SourceGate(guard, limiter, overload, Duration.ofSeconds(5));
        // (the bench has no SLF4J binding: the ban's log lines go nowhere)
        for (int i = 0; i < 10; i++) {
            guard.failed(new InetSocketAddress(banned, 5060), "udp", "REGISTER", "1001",
                    AuthFailure.Reason.WRONG_PASSWORD, "bench");
        }
        if (!(gate.check(register, banned, false) instanceof SourceGate.Answer)) {
            throw new IllegalStateException("the banned source is not refused");
        }
    }

    @Benchmark
    public SourceGate.Verdict trustedSource() {
        return gate.check(register, trusted, false);
    }

    @Benchmark
    public SourceGate.Verdict thousandSourcesUnderTheirLimit() {
        InetAddress source = sources[next];
        next = next + 1 == sources.length ? 0 : next + 1;
        return gate.check(register, source, false);
    }

    @Benchmark
    public SourceGate.Verdict bannedSource() {
        return gate.check(register, banned, false);
    }
}
