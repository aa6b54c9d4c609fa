using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Mash.Controller.Transport;

/// <summary>
/// Decides whether the device's certificate is acceptable. Returning false aborts the handshake.
/// </summary>
/// <param name="certificate">The device's leaf certificate.</param>
/// <param name="chain">The chain the platform built, if any.</param>
/// <param name="errors">What the platform's default validation found (name mismatch, untrusted root...).</param>
public delegate bool ServerCertificateValidator(X509Certificate2 certificate, X509Chain? chain, SslPolicyErrors errors);
