extension ConnectionStateMachine {
    /// The confirms one `basic.ack` or `basic.nack` settles, in ascending tag order: one
    /// held inline (the ack of a publish awaited alone, which allocated a one-element array
    /// per message), or many.
    struct SettledConfirms: RandomAccessCollection {
        private enum Storage {
            case one(SettledConfirm)
            case many([SettledConfirm])
        }

        private let storage: Storage

        /// One settled confirm.
        init(_ one: SettledConfirm) {
            storage = .one(one)
        }

        /// Several settled confirms (or none).
        init(_ many: [SettledConfirm]) {
            storage = .many(many)
        }

        var startIndex: Int { 0 }

        var endIndex: Int {
            switch storage {
            case .one: 1
            case .many(let all): all.count
            }
        }

        subscript(position: Int) -> SettledConfirm {
            switch storage {
            case .one(let settled):
                precondition(position == 0, "index \(position) out of range of one settled confirm")
                return settled
            case .many(let all): return all[position]
            }
        }

        /// Hands each confirm's result to its completion, in order, without copying the
        /// confirms out first.
        func complete() {
            switch storage {
            case .one(let settled): settled.confirm.completion(settled.result)
            case .many(let all): for index in all.indices { all[index].confirm.completion(all[index].result) }
            }
        }
    }
}
