using System.Collections;

namespace Mash.Device.Boards;

/// <summary>
/// The relays of a board, read-only (nanoFramework has no generic collections): a copy of the
/// array it was made from, so a caller cannot change a definition later through that array.
/// </summary>
public sealed class RelayStageList
{
    public static readonly RelayStageList Empty = new RelayStageList(null);

    private readonly RelayStage[] _items;

    public RelayStageList(RelayStage[]? items)
    {
        _items = items is null ? new RelayStage[0] : (RelayStage[])items.Clone();
    }

    public int Count => _items.Length;

    public RelayStage this[int index] => _items[index];

    public static implicit operator RelayStageList(RelayStage[]? items) => new RelayStageList(items);

    /// <summary>A copy of the relays as an array.</summary>
    public RelayStage[] ToArray() => (RelayStage[])_items.Clone();

    public IEnumerator GetEnumerator() => _items.GetEnumerator();
}
