using System.Collections;

namespace Mash.Device.Boards;

/// <summary>
/// The mDNS categories of a board, read-only (nanoFramework has no generic collections): a copy
/// of the array it was made from.
/// </summary>
public sealed class DeviceCategoryList
{
    public static readonly DeviceCategoryList Empty = new DeviceCategoryList(null);

    private readonly DeviceCategory[] _items;

    public DeviceCategoryList(DeviceCategory[]? items)
    {
        _items = items is null ? new DeviceCategory[0] : (DeviceCategory[])items.Clone();
    }

    public int Count => _items.Length;

    public DeviceCategory this[int index] => _items[index];

    public static implicit operator DeviceCategoryList(DeviceCategory[]? items) => new DeviceCategoryList(items);

    /// <summary>A copy of the categories as an array.</summary>
    public DeviceCategory[] ToArray() => (DeviceCategory[])_items.Clone();

    public IEnumerator GetEnumerator() => _items.GetEnumerator();
}
