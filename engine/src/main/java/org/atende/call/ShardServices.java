package org.atende.call;

import gov.nist.javax.sip.message.SIPRequest;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import org.atende.sip.core.DialogUser;
import org.atende.sip.core.SipCore;
import org.atende.sip.dialog.Dialog;
import org.atende.sip.dialog.SipBuilder;
import org.atende.sip.transaction.ServerTransaction;
import org.atende.sip.transaction.TransactionLayer;
import org.atende.sip.transport.ListenPoint;
import org.atende.sip.transport.Transport;

/**
 * What one shard gives its calls from the engine's shared services, as their {@link CallHost} and the
 * {@link IvrRun.Services} of their IVR runs: its loop, timers, transactions and media, the registrations, queues,
 * prompts, flows and trunks. {@link ShardCalls} adds the calls themselves. Runs on the shard's event loop only.
 */
abstract class ShardServices implements CallHost, IvrRun.Services {

    final int shard;
    final int shards;
    final Executor loop;
    final Clock clock;
    final CallServices services;
    final org.atende.sip.transaction.TimerService timers;
    final ShardCalls.ShardMedia media;
    TransactionLayer transactions;
    private SipCore core;

    ShardServices(int shard, int shards, Executor loop, org.atende.sip.transaction.TimerService timers, Clock clock,
                  CallServices services, ShardCalls.ShardMedia media) {
        this.shard = shard;
        this.shards = shards;
        this.loop = loop;
        this.timers = timers;
        this.clock = clock;
        this.services = services;
        this.media = media;
    }

    /** Set once, right after construction. */
    final void attachLayers(TransactionLayer layer, SipCore sipCore) {
        this.transactions = layer;
        this.core = sipCore;
    }

    /** A call's leg as the user of its dialog: the core's in-dialog requests and ACKs go to the leg's call. */
    private record LegUser(CallLeg leg) implements DialogUser {
        @Override
        public Dialog dialog() {
            return leg.dialog();
        }

        @Override
        public void onRequest(ServerTransaction tx) {
            leg.call().onRequest(leg, tx);
        }

        @Override
        public void onAck(SIPRequest ack) {
            leg.call().onAck(leg, ack);
        }
    }

    @Override
    public TransactionLayer transactions() {
        return transactions;
    }

    @Override
    public Executor loop() {
        return loop;
    }

    @Override
    public void bind(Dialog dialog, CallLeg leg) {
        core.bind(dialog, new LegUser(leg));
    }

    @Override
    public void unbind(Dialog dialog) {
        core.unbind(dialog);
    }

    @Override
    public java.time.Duration ackTimeout() {
        return services.ackTimeout();
    }

    @Override
    public String newCallId() {
        return SipBuilder.newCallId(services.identity().domain(), shard, shards);
    }

    @Override
    public ListenPoint listenPoint(Transport transport) {
        return services.listenPoint(transport);
    }

    @Override
    public org.atende.config.SessionTimerConfig sessionTimers() {
        return services.sessionTimers();
    }

    @Override
    public String domain() {
        return services.identity().domain();
    }

    @Override
    public org.atende.sip.transaction.TimerService timers() {
        return timers;
    }

    @Override
    public CallMedia newCallMedia(String callId, boolean srtpToCallee, CallMedia.Events events) {
        return new CallMedia(media.context(), media.codecs(), media.recordings(), srtpToCallee, callId, events);
    }

    @Override
    public java.nio.file.Path recordingDirectory(java.time.Instant started) {
        return org.atende.media.recorder.RecordingPaths.dailyDirectory(media.recordingsDir(),
                java.time.LocalDate.ofInstant(started, java.time.ZoneId.systemDefault()));
    }

    @Override
    public void lookupContacts(String extension,
                               java.util.function.Consumer<List<org.atende.sip.registrar.Binding>> then) {
        services.registrations().lookup(extension, loop, then);
    }

    @Override
    public void lookupAgent(String agent, java.util.function.Consumer<List<org.atende.sip.registrar.Binding>> ifFree,
                            Runnable ifBusy) {
        services.registrations().lookupIfFree(agent, loop, ifFree, ifBusy);
    }

    @Override
    public void otherCall(String extension, boolean busy) {
        services.registrations().otherCall(extension, busy);
    }

    @Override
    public QueueService queues() {
        return services.queues();
    }

    @Override
    public java.util.Optional<org.atende.config.QueueConfig> queueConfig(String name) {
        return services.queue(name);
    }

    @Override
    public java.util.Optional<IvrRun> flowRun(Call call, String flow, java.util.Map<String, String> variables) {
        return services.flow(flow).map(config -> new IvrRun(call,
                new org.atende.ivr.FlowSession(config, clock, new java.util.HashMap<>(variables), services::flow), this,
                config.silenceGap()));
    }

    @Override
    public java.util.concurrent.CompletableFuture<TrunkTarget> trunkTarget(String trunk) {
        return services.trunkTarget(trunk);
    }

    @Override
    public org.atende.media.player.PromptCache prompts() {
        return services.prompts();
    }

    @Override
    public java.net.http.HttpClient http() {
        return services.http();
    }

    @Override
    public java.time.Duration rtpTimeout() {
        return media.context().rtpTimeout();
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String countryCode() {
        return services.countryCode();
    }

    @Override
    public boolean recordsNumber(String dialled) {
        return services.recordsNumber(dialled);
    }

    @Override
    public IvrRun.Services ivrServices() {
        return this;
    }
}
