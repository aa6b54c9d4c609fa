using System;
using Mash.Device.Commissioning;
using Mash.Device.Model;
using Mash.Device.Transport;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;

namespace Mash.Device.Tests.Interaction;

/// <summary>
/// The device sends change reports for as long as it runs, so a report must not cost an encoder
/// and a buffer each (about 1.7 KB before they were reused). What remains per report is the two
/// attribute values read (change check and report); see docs/benchmarks.md.
/// </summary>
public class NotificationAllocationTests
{
    [Fact]
    public void A_steady_stream_of_change_reports_allocates_no_more_than_the_values_it_reads()
    {
        var rig = new InteractionRig();
        var channel = new CountingChannel();
        DeviceConnection connection = rig.Manager.Open(channel, PeerCredentials.Anonymous)!;
        connection.Session = new SessionContext { Role = ConnectionRole.Operational, ZoneId = "zone-a", ZoneType = ZoneType.HomeManager };
        var subscribe = new CborMap(3)
            .Set(1, CborValue.FromArray(CborValue.FromUInt64(MeasurementFeature.AcActivePower)))
            .Set(2, CborValue.FromInt64(0))
            .Set(3, CborValue.FromInt64(3_600_000));
        rig.Manager.Receive(connection, MessageCodec.Encode(new Request(1, Operation.Subscribe, 1, FeatureIds.Measurement, CborValue.FromMap(subscribe))));
        Assert.Equal(1, channel.Frames);

        void Change(int i)
        {
            rig.Load.SetActivePower(i % 2 == 0 ? 1_000_000 : 2_000_000);
            rig.Scheduler.RunPending();
        }

        for (int i = 0; i < 2000; i++)
        {
            Change(i);
        }

        const int Reports = 1000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Reports; i++)
        {
            Change(i);
        }

        double perReport = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Reports;
        Assert.Equal(1 + 2000 + Reports, channel.Frames);
        Assert.True(perReport <= 128, $"{perReport:F1} bytes allocated per change report");
    }

    private sealed class CountingChannel : IConnectionChannel
    {
        public int Frames { get; private set; }

        public string RemoteEndPoint => "[::1]:50000";

        public bool TrySend(byte[] buffer, int offset, int count)
        {
            Frames++;
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
