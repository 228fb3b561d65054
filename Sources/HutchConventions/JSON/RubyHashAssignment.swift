/// `Hash#[]=` on pairs kept in insertion order, as every Ruby Hash model here needs
/// it: an existing key keeps its position and takes the new value, a new key is
/// appended, and assigning `nil` deletes the pair.
func assignRubyHashPair<Key: Equatable, Value>(_ pairs: inout [(key: Key, value: Value)], key: Key, value: Value?) {
    let index = pairs.firstIndex { $0.key == key }
    switch (index, value) {
    case (let i?, let v?): pairs[i].value = v
    case (let i?, nil): pairs.remove(at: i)
    case (nil, let v?): pairs.append((key, v))
    case (nil, nil): break
    }
}
