package org.atende.engine;

import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.DnsServerAddresses;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.atende.config.DnsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves host names without blocking anyone: Netty's {@link DnsNameResolver} on one event loop, reading
 * {@code /etc/hosts} first (so {@code localhost} needs no server), then asking the configured servers (default:
 * those of {@code /etc/resolv.conf}), with its cache honouring the answers' TTLs. An IP literal is answered at once,
 * without a look-up.
 *
 * <p>Every future {@link #resolve} returns completes: with an address, or with an {@link UnknownHostException} when
 * the name does not resolve, no server answers within the configured timeout, or the resolver is closed.
 *
 * <p>Thread-safe: {@link #resolve} may be called from any thread; its futures complete on the resolver's loop (or
 * on the caller's thread for a literal or after {@link #close}), so callbacks must post to their own loop.
 */
public final class HostResolver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HostResolver.class);

    private final EventLoop loop;
    private final DnsNameResolver resolver;
    private final Duration timeout;
    private final Set<CompletableFuture<InetAddress>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param loop     the event loop the resolver's socket lives on (look-ups never block it)
     * @param datagram the loop's datagram channel type (epoll or NIO)
     * @param stream   the loop's socket channel type, for answers too large for UDP
     */
    public HostResolver(DnsConfig config, EventLoop loop, ChannelFactory<? extends DatagramChannel> datagram,
                        ChannelFactory<? extends SocketChannel> stream) {
        Objects.requireNonNull(config, "config");
        this.loop = Objects.requireNonNull(loop, "loop");
        this.timeout = config.timeout();
        int servers = config.servers().isEmpty() ? DnsServerAddresses.defaultAddressList().size()
                : config.servers().size();
        DnsNameResolverBuilder builder = new DnsNameResolverBuilder(loop)
                .datagramChannelFactory(datagram)
                .socketChannelFactory(stream)
                .queryTimeoutMillis(Math.max(1, config.queryTimeout(servers).toMillis()))
                .nameServerProvider(config.servers().isEmpty() ? DnsServerAddressStreamProviders.platformDefault()
                        : new SequentialDnsServerAddressStreamProvider(config.servers()));
        this.resolver = builder.build();
        log.info("DNS: {}, look-ups time out after {} ms", config.servers().isEmpty() ? "the system's servers"
                : "servers " + config.servers(), timeout.toMillis());
    }

    /** The address of {@code host} (a name, or an IP literal, IPv6 with or without brackets). Any thread. */
    public CompletableFuture<InetAddress> resolve(String host) {
        Objects.requireNonNull(host, "host");
        String bare = host.length() > 1 && host.startsWith("[") && host.endsWith("]")
                ? host.substring(1, host.length() - 1) : host;
        InetAddress literal = NetUtil.createInetAddressFromIpAddressString(bare);
        if (literal != null) {
            return CompletableFuture.completedFuture(literal);
        }
        CompletableFuture<InetAddress> result = new CompletableFuture<>();
        if (closed) {
            result.completeExceptionally(new UnknownHostException(host + ": the resolver is closed"));
            return result;
        }
        inFlight.add(result);
        result.whenComplete((a, e) -> inFlight.remove(result));
        try {
            ScheduledFuture<?> deadline = loop.schedule(() -> {
                result.completeExceptionally(new UnknownHostException(host + ": no answer within "
                        + timeout.toMillis() + " ms"));
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
            resolver.resolve(bare).addListener(f -> {
                deadline.cancel(false);
                if (f.isSuccess()) {
                    result.complete((InetAddress) f.getNow());
                } else {
                    Throwable cause = f.cause();
                    UnknownHostException failure = new UnknownHostException(host + ": "
                            + (cause == null ? "not resolved" : cause.getMessage()));
                    if (cause != null) {
                        failure.initCause(cause);
                    }
                    result.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new UnknownHostException(host + ": the resolver's loop is stopping"));
        }
        if (closed) {
            result.completeExceptionally(new UnknownHostException(host + ": the resolver is closed"));
        }
        return result;
    }

    /** Look-ups under way. */
    public int inFlight() {
        return inFlight.size();
    }

    /** Closes the resolver's socket and fails the look-ups still under way. */
    @Override
    public void close() {
        closed = true;
        for (CompletableFuture<InetAddress> f : inFlight) {
            f.completeExceptionally(new UnknownHostException("the resolver is closed"));
        }
        resolver.close();
    }
}
