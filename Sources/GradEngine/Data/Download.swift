// Download: fetches MNIST's four .gz files over HTTP(S) into a folder, atomically per file.
//
// Each file is fetched to a temporary name in the target folder, checked as a readable IDX file,
// then renamed into place, so an interrupted or failed download never leaves a file that looks
// complete. Files already present and readable are not fetched again. Failures (no network, HTTP
// errors, a server that returns something that is not IDX) throw one message naming the URL.
//
// Non-goals: resuming partial downloads, mirrors fallback lists, progress reporting.

import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// HTTP download of IDX datasets.
public enum Download {
    /// The public MNIST mirror torchvision uses.
    public static let mnistMirror = "https://ossci-datasets.s3.amazonaws.com/mnist/"
    /// MNIST's four files.
    public static let mnistFiles = [
        "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
    ]

    /// Fetches every file of `files` missing from `folder` (created if needed) from `baseURL`.
    public static func mnist(
        to folder: String, baseURL: String = mnistMirror, files: [String] = mnistFiles,
        timeout: TimeInterval = 30
    ) throws {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw EngineError("download", "cannot create folder \(folder): \(error.localizedDescription)")
        }
        let base = baseURL.hasSuffix("/") ? baseURL : baseURL + "/"
        for f in files {
            let dest = folder + "/" + f
            if FileManager.default.fileExists(atPath: dest), (try? IDX.read(path: dest)) != nil { continue }
            guard let url = URL(string: base + f) else {
                throw EngineError("download", "bad URL \(base + f)")
            }
            let data: Data
            do {
                data = try fetch(url, timeout: timeout)
            } catch let e as EngineError {
                throw EngineError(
                    e.op,
                    e.message + " Otherwise copy the four files into \(folder) by "
                        + "hand.", kind: e.kind)
            }
            let tmp = folder + "/.\(f).part-\(getpid())"
            guard FileManager.default.createFile(atPath: tmp, contents: data) else {
                throw EngineError("download", "cannot write \(tmp)")
            }
            do {
                _ = try IDX.read(path: tmp)
            } catch let e as EngineError {
                try? FileManager.default.removeItem(atPath: tmp)
                throw EngineError("download", "\(url.absoluteString) did not give a valid IDX file: \(e.message)")
            }
            guard rename(tmp, dest) == 0 else {
                try? FileManager.default.removeItem(atPath: tmp)
                throw EngineError("download", "cannot rename \(tmp) to \(dest): \(String(cString: strerror(errno)))")
            }
        }
    }

    /// GETs `url` and returns the body; throws naming the URL on network errors and non-2xx statuses.
    public static func fetch(_ url: URL, timeout: TimeInterval = 30) throws -> Data {
        final class Box: @unchecked Sendable {
            var data: Data?
            var response: URLResponse?
            var error: Error?
        }
        let box = Box()
        let done = DispatchSemaphore(value: 0)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout * 20
        let session = URLSession(configuration: config)
        let task = session.dataTask(with: url) { d, r, e in
            box.data = d
            box.response = r
            box.error = e
            done.signal()
        }
        task.resume()
        done.wait()
        session.finishTasksAndInvalidate()
        if let e = box.error {
            throw EngineError(
                "download",
                "could not fetch \(url.absoluteString): \(e.localizedDescription) (is this machine online?)")
        }
        if let http = box.response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            throw EngineError("download", "could not fetch \(url.absoluteString): HTTP status \(http.statusCode)")
        }
        guard let d = box.data else {
            throw EngineError("download", "could not fetch \(url.absoluteString): empty response")
        }
        return d
    }
}
