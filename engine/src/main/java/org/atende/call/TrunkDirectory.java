package org.atende.call;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.atende.config.TrunkConfig;

/**
 * Which source addresses speak for which trunk: the configured {@code allow} list, plus the resolved address
 * of the carrier's registrar for trunks Atende registers to (learnt at run time). Thread-safe.
 */
public final class TrunkDirectory {

    private final Map<String, Set<InetAddress>> registrarAddresses = new ConcurrentHashMap<>();

    /** Records the resolved registrar address of a registering trunk. Any thread. */
    public void addRegistrarAddress(String trunk, InetAddress address) {
        registrarAddresses.computeIfAbsent(trunk, t -> ConcurrentHashMap.newKeySet()).add(address);
    }

    /** Whether a request from {@code source} may come from {@code trunk}. */
    public boolean allows(TrunkConfig trunk, InetAddress source) {
        return trunk.allow().stream().anyMatch(c -> c.contains(source))
                || registrarAddresses.getOrDefault(trunk.name(), Set.of()).contains(source);
    }
}
