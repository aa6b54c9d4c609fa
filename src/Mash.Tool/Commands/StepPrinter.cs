using System;
using System.IO;
using Mash.Controller.Commissioning;

namespace Mash.Tool.Commands;

/// <summary>
/// Shows commissioning as it happens: each step is announced when it starts and marked when the
/// next one starts, so a stall is visible on the step that stalls. Runs synchronously, unlike
/// Progress&lt;T&gt;, which could reorder the lines.
/// </summary>
internal sealed class StepPrinter : IProgress<CommissioningStep>
{
    private readonly TextWriter _error;
    private readonly string _address;
    private bool _open;

    public StepPrinter(TextWriter error, string address)
    {
        _error = error;
        _address = address;
    }

    public void Report(CommissioningStep value)
    {
        switch (value)
        {
            case CommissioningStep.Connect:
                Begin($"connecting to {_address} ... ");
                break;
            case CommissioningStep.Pase:
                End("ok");
                Begin("PASE ... ");
                break;
            case CommissioningStep.Csr:
                End("ok");
                Begin("CSR ... ");
                break;
            case CommissioningStep.Certificate:
                End("ok");
                Begin("certificate ... ");
                break;
            case CommissioningStep.Done:
                End("installed");
                break;
        }
    }

    /// <summary>Closes the pending step line after a failure, so the reason starts on its own line.</summary>
    public void Failed() => End("failed");

    private void Begin(string text)
    {
        _error.Write(text);
        _error.Flush();
        _open = true;
    }

    private void End(string text)
    {
        if (_open)
        {
            _error.WriteLine(text);
            _error.Flush();
            _open = false;
        }
    }
}
