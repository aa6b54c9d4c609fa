using System;
using System.Diagnostics;
using Mash.Device.Boards;
using Mash.Device.Commissioning;
using Mash.Device.Diagnostics;
using Mash.Device.Host.Boards;
using Mash.Device.Interaction;
using Mash.Device.Model;
using Mash.Device.Runtime;
using Mash.Device.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Bench;

/// <summary>
/// Notification fan-out on the device core: five zones, each with one connection subscribed to
/// Measurement activePower with no coalescing window, and the load's power changing as fast as
/// the scheduler runs. Every change is one notification per zone. Figures: notifications per
/// second (encode + send into an in-memory channel) and bytes allocated per notification in
/// steady state.
/// </summary>
internal static class NotificationBench
{
    private const int Zones = 5;
    private const byte LoadEndpoint = 1;

    private static readonly KeepAliveSettings NoKeepAlive = new(TimeSpan.FromDays(365), TimeSpan.FromDays(1), 3);

    public static void Run()
    {
        var clock = new VirtualClock();
        var scheduler = new Scheduler(clock, NullLogSink.Instance);
        var load = new SimpleLoadControl();
        BoardDefinition board = BoardFile.LoadEmbedded("host-sim");
        DeviceModel model = SmartLoadModel.Create(board, "0123456789abcdef", serialNumber: null, load);
        var handler = new InteractionHandler(model, scheduler, NullLogSink.Instance);
        var manager = new ConnectionManager(scheduler, handler, NullLogSink.Instance, NoKeepAlive);

        var channels = new CountingChannel[Zones];
        for (int z = 0; z < Zones; z++)
        {
            channels[z] = new CountingChannel();
            DeviceConnection connection = manager.Open(channels[z], PeerCredentials.Anonymous)!;
            connection.Session = new SessionContext
            {
                Role = ConnectionRole.Operational,
                ZoneId = "zone" + z.ToString("D12", System.Globalization.CultureInfo.InvariantCulture),
                ZoneType = (ZoneType)(1 + (z % 4)),
            };
            var subscribe = new CborMap(3)
                .Set(1, CborValue.FromArray(CborValue.FromUInt64(MeasurementFeature.AcActivePower)))
                .Set(2, CborValue.FromInt64(0))
                .Set(3, CborValue.FromInt64(3_600_000));
            manager.Receive(connection, MessageCodec.Encode(new Request(1, Operation.Subscribe, LoadEndpoint, FeatureIds.Measurement, CborValue.FromMap(subscribe))));
            if (channels[z].Frames != 1 || channels[z].LastStatus != StatusCode.Success)
            {
                throw new InvalidOperationException("zone " + z.ToString(System.Globalization.CultureInfo.InvariantCulture) + " could not subscribe");
            }
        }

        long power = 1_000_000;
        void Change()
        {
            power = power == 1_000_000 ? 2_000_000 : 1_000_000;
            load.SetActivePower(power);
            scheduler.RunPending();
        }

        for (int i = 0; i < 20_000; i++)
        {
            Change(); // warm up (JIT tiering, buffers grown to size)
        }

        long framesBefore = TotalFrames(channels);
        Change();
        if (TotalFrames(channels) - framesBefore != Zones)
        {
            throw new InvalidOperationException("a change did not reach every zone");
        }

        const int Changes = 200_000;
        framesBefore = TotalFrames(channels);
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < Changes; i++)
        {
            Change();
        }

        watch.Stop();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        long notifications = TotalFrames(channels) - framesBefore;
        Console.WriteLine($"fan-out to {Zones} zones: {notifications / watch.Elapsed.TotalSeconds:F0} notifications/s ({Changes} changes, {notifications} notifications, {watch.Elapsed.TotalMilliseconds / Changes * 1000:F2} us per change)");
        Console.WriteLine($"fan-out to {Zones} zones: {allocated / (double)notifications:F1} bytes allocated per notification, {allocated / (double)Changes:F1} per change (steady state, core only)");
        Console.WriteLine($"notification size: {channels[0].LastLength} bytes");
    }

    private static long TotalFrames(CountingChannel[] channels)
    {
        long n = 0;
        foreach (CountingChannel channel in channels)
        {
            n += channel.Frames;
        }

        return n;
    }

    private sealed class CountingChannel : IConnectionChannel
    {
        public long Frames { get; private set; }

        public int LastLength { get; private set; }

        public StatusCode? LastStatus { get; private set; }

        public string RemoteEndPoint => "bench";

        public bool TrySend(byte[] buffer, int offset, int count)
        {
            Frames++;
            LastLength = count - FrameFormat.HeaderSize; // the core sends whole frames
            if (Frames == 1)
            {
                LastStatus = MessageCodec.DecodeResponse(buffer.AsSpan(offset + FrameFormat.HeaderSize, LastLength).ToArray()).Status;
            }

            return true;
        }

        public bool SendBacklogged => false;

        public void PauseReceiving()
        {
        }

        public void ResumeReceiving()
        {
        }

        public void Close()
        {
        }

        public void Abort()
        {
        }
    }
}
