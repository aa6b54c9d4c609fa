using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Mash.Controller.Commissioning;
using Mash.Controller.Operational;
using Mash.Controller.State;
using Mash.Controller.Transport;
using Mash.Device.Host.Tests;
using Mash.Device.Host.Tests.EndToEnd;
using Mash.Protocol.Onboarding;
using Mash.Protocol.Wire;
using Mash.Protocol.Zones;
using Xunit.Abstractions;

namespace Mash.Integration.Tests;

/// <summary>
/// Issue 13 items 5, 13, 14 and 15 against a running mash-load: malformed requests are answered,
/// the failsafe settings follow zone priority, and a request flood does not flood the log.
/// </summary>
public sealed class RequestHardeningEndToEndTests : IDisposable
{
    private const byte RootEndpoint = 0;
    private const byte LoadEndpoint = 1;
    private const byte DeviceInfo = 1;
    private const byte Measurement = 4;
    private const byte EnergyControl = 5;
    private readonly TempDirectory _dir = new();
    private readonly int _port = FreePort.Next();
    private readonly ITestOutputHelper _output;
    private readonly MashLoadProcess _device;
    private readonly OnboardingCode _code;
    private int _controllers;

    public RequestHardeningEndToEndTests(ITestOutputHelper output)
    {
        _output = output;
        _device = MashLoadProcess.Start(_dir.Path, "--port", _port.ToString(CultureInfo.InvariantCulture));
        _code = OnboardingCode.Parse(_device.WaitForStdout(l => l.StartsWith("MASH:", StringComparison.Ordinal)));
        _device.WaitForStderr(l => l.Contains("running", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _device.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task Malformed_requests_get_an_error_with_their_message_id_and_leave_the_zone_intact()
    {
        using ControllerState state = OpenState();
        DeviceRecord device;
        await using (CommissioningResult paired = await new Commissioner(state).CommissionAsync(_code, "::1", _port, ZoneType.GridOperator, null, default))
        {
            device = paired.Device;
        }

        await using MashConnection raw = await ConnectRawAsync(state, device);

        // Item 14: endpoint (key 3) is a map. Used to be taken for a response: no answer at all.
        Response mapEndpoint = await ExchangeAsync(raw, "a5 01 18 2a 02 01 03 a0 04 04 05 f6");
        Assert.Equal(42u, mapEndpoint.MessageId);
        Assert.Equal(StatusCode.InvalidParameter, mapEndpoint.Status);

        // Item 15: a duplicate key ({..., 4: 4, 3: 0}); used to be accepted, last value winning.
        Response duplicate = await ExchangeAsync(raw, "a5 01 18 2b 02 01 03 01 04 04 03 00");
        Assert.Equal(43u, duplicate.MessageId);
        Assert.Equal(StatusCode.InvalidParameter, duplicate.Status);
        Assert.Contains("Duplicate key in message", Text(duplicate), StringComparison.Ordinal);

        // Item 15: removeZone {1: 0x10, 2: {}} without zoneId; used to remove the caller's own zone.
        Response remove = await ExchangeAsync(raw, "a5 01 18 2c 02 04 03 00 04 01 05 a2 01 10 02 a0");
        Assert.Equal(44u, remove.MessageId);
        Assert.Equal(StatusCode.InvalidParameter, remove.Status);

        // Item 15: reading an attribute Measurement does not have; used to be SUCCESS {}.
        Response unknown = await ExchangeAsync(raw, "a5 01 18 2d 02 01 03 01 04 04 05 81 19 03e7");
        Assert.Equal(45u, unknown.MessageId);
        Assert.Equal(StatusCode.InvalidAttribute, unknown.Status);

        // The zone is still there and the connection still serves it.
        Response read = await ExchangeAsync(raw, "a5 01 18 2e 02 01 03 01 04 04 05 81 01");
        Assert.Equal(StatusCode.Success, read.Status);
        Assert.Equal(1, read.Payload.Count);
        Assert.DoesNotContain(_device.Stderr, l => l.Contains("removed by", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_user_app_cannot_overwrite_the_failsafe_values_of_the_grid_operator()
    {
        using ControllerState gridState = OpenState();
        using ControllerState appState = OpenState();
        await using CommissioningResult grid = await new Commissioner(gridState).CommissionAsync(_code, "::1", _port, ZoneType.GridOperator, null, default);
        Assert.Equal(StatusCode.Success, (await grid.Connection.RequestAsync(Operation.Invoke, RootEndpoint, DeviceInfo, Command(0x12))).Status);
        await using CommissioningResult app = await new Commissioner(appState).CommissionAsync(_code, "::1", _port, ZoneType.UserApp, null, default);

        Response set = await grid.Connection.RequestAsync(Operation.Write, LoadEndpoint, EnergyControl, CborValue.FromMap(new CborMap()
            .Set(70, CborValue.FromInt64(1_000_000))
            .Set(72, CborValue.FromInt64(7200))));
        Assert.Equal(StatusCode.Success, set.Status);

        Response overwrite = await app.Connection.RequestAsync(Operation.Write, LoadEndpoint, EnergyControl, CborValue.FromMap(new CborMap()
            .Set(70, CborValue.FromInt64(9_000_000))));
        Response longer = await app.Connection.RequestAsync(Operation.Write, LoadEndpoint, EnergyControl, CborValue.FromMap(new CborMap()
            .Set(72, CborValue.FromInt64(86400))));

        Assert.Equal(StatusCode.NotAuthorized, overwrite.Status);
        Assert.Equal(StatusCode.NotAuthorized, longer.Status);
        Response read = await grid.Connection.RequestAsync(Operation.Read, LoadEndpoint, EnergyControl, CborValue.FromArray(CborValue.FromUInt64(70), CborValue.FromUInt64(72)));
        Assert.Equal("{70: 1000000, 72: 7200}", read.Payload.ToString());
    }

    [Fact]
    public async Task A_thousand_invokes_write_a_handful_of_info_lines_and_a_malformed_flood_one_summary()
    {
        const int Invokes = 1000;
        using ControllerState state = OpenState();
        DeviceRecord device;
        await using (CommissioningResult paired = await new Commissioner(state).CommissionAsync(_code, "::1", _port, ZoneType.HomeManager, null, default))
        {
            device = paired.Device;
        }

        _device.WaitForStderr(l => l.Contains("connection #1 closed", StringComparison.Ordinal));
        await using (MashConnection session = await OperationalClient.ConnectAsync(state, device))
        {
            for (int i = 0; i < Invokes / 2; i++)
            {
                Response limited = await session.RequestAsync(Operation.Invoke, LoadEndpoint, EnergyControl, SetLimit(i % 2 == 0 ? 2_500_000 : 4_500_000));
                Assert.Equal(StatusCode.Success, limited.Status);
                Assert.Equal(StatusCode.Success, (await session.RequestAsync(Operation.Invoke, LoadEndpoint, EnergyControl, Command(2))).Status);
            }

            await session.CloseAsync();
        }

        _device.WaitForStderr(l => l.Contains("connection #2 closed", StringComparison.Ordinal));
        string[] lines = _device.Stderr.ToArray();
        int from = Array.FindIndex(lines, l => l.Contains("connection #2 from", StringComparison.Ordinal));
        int to = Array.FindIndex(lines, l => l.Contains("connection #2 closed", StringComparison.Ordinal));
        string[] during = lines[from..(to + 1)];
        long bytes = during.Sum(l => (long)Encoding.UTF8.GetByteCount(l) + 1);
        _output.WriteLine($"{Invokes} invokes: {during.Length} log lines, {bytes} bytes of log");
        foreach (string line in during)
        {
            _output.WriteLine(line);
        }

        // Connect, zone connected, relays switching (bounded by the 10 s protection interval),
        // zone disconnected, close: not one or more lines per invoke.
        Assert.True(during.Length <= 20, $"{during.Length} lines for {Invokes} invokes");

        // A flood of one malformed request: every one answered, one warning plus one summary.
        await using MashConnection flood = await OperationalClient.ConnectAsync(state, device);
        byte[] malformed = Convert.FromHexString("a5011818020103a0040405f6"); // {1: 24, 2: Read, 3: {}, 4: 4, 5: null}
        for (int i = 0; i < 500; i++)
        {
            await flood.SendFrameAsync(malformed);
        }

        // Requests are answered in order: once this one is, all 500 were handled.
        Assert.Equal(StatusCode.Success, (await flood.RequestAsync(Operation.Read, LoadEndpoint, Measurement)).Status);
        // Normally one summary of 499; a slow machine may spread the flood over two windows.
        var summaries = new System.Collections.Generic.List<string>();
        long counted = 0;
        while (counted < 499)
        {
            string summary = _device.WaitForStderr(l => l.Contains("(repeated ", StringComparison.Ordinal) && !summaries.Contains(l), TimeSpan.FromSeconds(60));
            summaries.Add(summary);
            Match count = Regex.Match(summary, @"malformed request: .* \(repeated (\d+) times in the last 10 s\)$");
            Assert.True(count.Success, summary);
            counted += long.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture);
        }

        Assert.Equal(499, counted);
        Assert.Single(_device.Stderr, l => l.Contains("malformed request", StringComparison.Ordinal) && !l.Contains("(repeated ", StringComparison.Ordinal));
    }

    private static CborValue Command(byte id, CborMap? parameters = null) => CborValue.FromMap(new CborMap()
        .Set(1, CborValue.FromUInt64(id))
        .Set(2, parameters is null ? CborValue.Null : CborValue.FromMap(parameters)));

    private static CborValue SetLimit(long milliwatts) => Command(1, new CborMap()
        .Set("consumptionLimit", CborValue.FromInt64(milliwatts))
        .Set("cause", CborValue.FromUInt64(0)));

    private static string Text(Response response) => response.Payload.TryGetValue(1, out CborValue? text) ? text.AsText() : string.Empty;

    private static async Task<MashConnection> ConnectRawAsync(ControllerState state, DeviceRecord device)
    {
        MashConnectionOptions options = OperationalClient.CreateOptions(state, device);
        return await MashConnection.ConnectAsync(new MashConnectionOptions(options.Host, options.Port)
        {
            ClientCertificate = options.ClientCertificate,
            ServerCertificateValidator = options.ServerCertificateValidator,
            TargetHost = options.TargetHost,
            InitialMode = MashConnectionMode.Raw,
        });
    }

    /// <summary>Sends one raw frame and returns the response that must follow within 10 s.</summary>
    private static async Task<Response> ExchangeAsync(MashConnection raw, string hex)
    {
        await raw.SendFrameAsync(Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        ReadOnlyMemory<byte> frame = await raw.ReceiveFrameAsync(timeout.Token);
        Assert.Equal(MessageKind.Response, MessageClassifier.Classify(frame.ToArray()));
        return MessageCodec.DecodeResponse(frame.ToArray());
    }

    private ControllerState OpenState() => ControllerState.Open(Path.Combine(_dir.Path, "controller-" + _controllers++.ToString(CultureInfo.InvariantCulture)));
}
