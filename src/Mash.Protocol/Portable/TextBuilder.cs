namespace Mash.Protocol.Portable;

/// <summary>
/// A growable character buffer in place of StringBuilder, which nanoFramework's mscorlib lacks.
/// </summary>
public sealed class TextBuilder
{
    private char[] _chars;
    private int _length;

    public TextBuilder(int capacity = 64) => _chars = new char[capacity < 1 ? 1 : capacity];

    public int Length => _length;

    public TextBuilder Append(char c)
    {
        Reserve(1);
        _chars[_length++] = c;
        return this;
    }

    public TextBuilder Append(string? text)
    {
        if (text is null)
        {
            return this;
        }

        Reserve(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            _chars[_length++] = text[i];
        }

        return this;
    }

    public TextBuilder Append(long value) => Append(value.ToString());

    public void Clear() => _length = 0;

    public override string ToString() => new string(_chars, 0, _length);

    private void Reserve(int more)
    {
        if (_length + more <= _chars.Length)
        {
            return;
        }

        int size = _chars.Length * 2;
        while (size < _length + more)
        {
            size *= 2;
        }

        char[] bigger = new char[size];
        System.Array.Copy(_chars, 0, bigger, 0, _length);
        _chars = bigger;
    }
}
