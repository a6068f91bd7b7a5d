package org.atende.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Every catalogue's entries in one list (for the catalogue test and the control port's documentation). */
public final class Catalogs {

    public static final List<MeterSpec> ALL;

    static {
        List<MeterSpec> all = new ArrayList<>();
        Collections.addAll(all, EngineMeters.values());
        Collections.addAll(all, SipMeters.values());
        Collections.addAll(all, MediaMeters.values());
        Collections.addAll(all, AcdMeters.values());
        Collections.addAll(all, SecurityMeters.values());
        ALL = List.copyOf(all);
    }

    private Catalogs() {
    }
}
