import Foundation

/// The system's reason for a failed file operation (`Permission denied`, `No such file
/// or directory`), instead of Foundation's `NSCocoaErrorDomain Code=…` dump.
package enum FileErrorReason {
    /// The reason of `error`.
    package static func text(_ error: any Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if nsError.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(nsError.code))) }
        switch nsError.code {
        case CocoaError.fileReadNoPermission.rawValue, CocoaError.fileWriteNoPermission.rawValue: return "Permission denied"
        case CocoaError.fileReadNoSuchFile.rawValue, CocoaError.fileNoSuchFile.rawValue: return "No such file or directory"
        default: return nsError.localizedDescription
        }
    }
}
