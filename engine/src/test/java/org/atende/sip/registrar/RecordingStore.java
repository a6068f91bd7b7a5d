package org.atende.sip.registrar;

import java.util.ArrayList;
import java.util.List;

/** An in-memory {@link BindingStore} that remembers every snapshot it was given. */
final class RecordingStore implements BindingStore {

    final List<List<Binding>> snapshots = new ArrayList<>();

    @Override
    public List<Binding> loadAll() {
        return snapshots.isEmpty() ? List.of() : snapshots.get(snapshots.size() - 1);
    }

    @Override
    public void save(List<Binding> snapshot) {
        snapshots.add(List.copyOf(snapshot));
    }

    List<Binding> last() {
        return loadAll();
    }
}
