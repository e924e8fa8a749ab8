import GradFigure
import GradScript
// matplotlib.pyplot as notebooks use it: the calls build the figure that `plt.show()` hands to the
// front end (DisplayItem.figure), `savefig` goes through Interpreter.saveFigure, and a call
// gradstep does not support says so by name.
import XCTest

final class PyplotTests: XCTestCase {
    /// Runs `src`; returns the printed lines and the figures shown.
    func run(
        _ src: String, saved: UnsafeMutablePointer<[String]>? = nil
    ) throws -> (out: [String], figures: [Figure]) {
        let interp = Interpreter()
        var out: [String] = [], figs: [Figure] = []
        interp.output = { out.append($0) }
        interp.display = { if case .figure(let f) = $0 { figs.append(f) } }
        interp.saveFigure = { _, path in saved?.pointee.append(path) }
        try interp.execute(src)
        return (out, figs)
    }

    func testPlotWithXValuesLabelsAndLegend() throws {
        let (_, figs) = try run(
            """
            import matplotlib.pyplot as plt
            import numpy as np
            x = np.arange(1, 4)
            plt.figure(figsize=(8, 3))
            plt.plot(x, [0.9, 0.5, 0.3], 'r--', label='train')
            plt.plot(x, np.array([1.0, 0.7, 0.6]), label='test')
            plt.xlabel('epoch'); plt.ylabel('loss'); plt.title('Loss'); plt.legend(); plt.xlim(0, 4)
            plt.show()
            plt.show()
            """)
        XCTAssertEqual(figs.count, 1, "show() closes the figure: the second show draws nothing")
        let ax = try XCTUnwrap(figs.first?.axes.first)
        XCTAssertEqual(figs[0].size.width, 8)
        XCTAssertEqual(ax.title, "Loss")
        XCTAssertEqual(ax.xLabel, "epoch")
        XCTAssertEqual(ax.yLabel, "loss")
        XCTAssertTrue(ax.legend)
        XCTAssertEqual(ax.labels.map(\.label), ["train", "test"])
        XCTAssertEqual(ax.xLimits?.0, 0)
        XCTAssertEqual(ax.xLimits?.1, 4)
        guard case let .line(xs, ys, _, color, style, marker) = ax.artists[0] else { return XCTFail("\(ax.artists)") }
        XCTAssertEqual(xs, [1, 2, 3])
        XCTAssertEqual(ys, [0.9, 0.5, 0.3])
        XCTAssertEqual(color, "r")
        XCTAssertEqual(style, "--")
        XCTAssertNil(marker)
    }

    func testSubplotsHistImshowScatter() throws {
        let (out, figs) = try run(
            """
            import matplotlib.pyplot as plt
            import numpy as np
            fig, axes = plt.subplots(2, 2, figsize=(6, 6))
            counts, edges, _ = axes[0, 0].hist([1, 2, 2, 3, 3, 3], bins=3)
            print(counts, edges)
            axes[0][1].imshow(np.eye(3), cmap='gray')
            axes[0][1].axis('off')
            axes[1, 0].scatter([1, 2], [3, 4], label='pts')
            axes[1, 1].bar([0, 1], [5, 2])
            axes[1, 1].set_title('bars')
            fig.suptitle('grid')
            print(len(axes), axes.shape, len(axes.flatten()))
            plt.show()
            """)
        XCTAssertEqual(out, ["[1. 2. 3.] [1.         1.66666667 2.33333333 3.        ]", "2 (2, 2) 4"])
        let f = try XCTUnwrap(figs.first)
        XCTAssertEqual(f.rows, 2)
        XCTAssertEqual(f.columns, 2)
        XCTAssertEqual(f.title, "grid")
        guard case let .bars(_, _, heights, _, _) = f.axes[0].artists[0] else { return XCTFail() }
        XCTAssertEqual(heights, [1, 2, 3])
        guard case let .image(w, h, ch, _, cmap, _, _) = f.axes[1].artists[0] else { return XCTFail() }
        XCTAssertEqual([w, h, ch], [3, 3, 1])
        XCTAssertEqual(cmap, "gray")
        XCTAssertTrue(f.axes[1].axisOff)
        guard case .scatter = f.axes[2].artists[0] else { return XCTFail() }
        XCTAssertEqual(f.axes[3].title, "bars")
    }

    func testSubplotAndSavefig() throws {
        var saved: [String] = []
        let (_, figs) = try run(
            """
            import matplotlib.pyplot as plt
            plt.subplot(1, 2, 1)
            plt.plot([1, 2, 3])
            plt.subplot(122)
            plt.plot([3, 2, 1], 'o')
            plt.savefig('out.svg')
            plt.close()
            plt.show()
            """, saved: &saved)
        XCTAssertEqual(saved, ["out.svg"])
        XCTAssertTrue(figs.isEmpty, "a closed figure is not shown")
    }

    /// An animation loop as the MorvanZhou tutorials write it (ion, cla, scatter, text, pause, ioff,
    /// show): nothing is drawn before show(), which draws the last frame; grid slices, colormaps as
    /// values and the 3-D toolkit import work (printed values as matplotlib 3.10 printed them).
    func testInteractiveLoopDrawsTheLastFrameAtShow() throws {
        let (out, figs) = try run(
            """
            import matplotlib.pyplot as plt
            from matplotlib import cm
            from mpl_toolkits.mplot3d import Axes3D
            import numpy as np
            plt.ion()
            for t in range(3):
                plt.cla()
                plt.scatter([1, 2, 3], [t, t, t], lw=0, cmap='RdYlGn')
                plt.plot([1, 2, 3], [t, 2 * t, 3 * t], 'r-', lw=5)
                plt.text(0.5, 0, 'Loss=%.4f' % 0.5, fontdict={'size': 20, 'color': 'red'})
                plt.pause(0.1)
            plt.ioff()
            plt.show()
            fig, axs = plt.subplots(4, 9, figsize=(10, 5))
            print(axs[0, :].shape, axs[:, 1].shape, axs[1:3].shape, axs[1:3, 2:5].shape, plt.isinteractive())
            axs[0, 0].set_xticks(()); axs[0, 0].set_yticks(())
            axs[0, 0].imshow(np.eye(2), cmap=plt.cm.gray)
            axs[0, 1].clear()
            print(cm.gray)
            """)
        XCTAssertEqual(out.count, 2)
        XCTAssertEqual(out.first, "(9,) (4,) (2, 9) (2, 3) False")
        XCTAssertTrue(out[1].hasPrefix("<matplotlib.colors.LinearSegmentedColormap object at 0x"), out[1])
        XCTAssertEqual(figs.count, 1)
        let ax = try XCTUnwrap(figs.first?.axes.first)
        XCTAssertEqual(ax.artists.count, 2, "cla() cleared the earlier frames")
        guard case let .line(_, ys, _, _, _, _) = ax.artists[1] else { return XCTFail("\(ax.artists)") }
        XCTAssertEqual(ys, [2, 4, 6])
    }

    func testUnsupportedCallsSayWhichByName() throws {
        for (src, message) in [
            ("plt.colorbar()", "NotImplementedError: matplotlib.pyplot.colorbar is not supported by gradstep"),
            (
                "fig, ax = plt.subplots()\nax.set_aspect('equal')",
                "NotImplementedError: matplotlib.axes.Axes.set_aspect is not supported by gradstep"
            ),
            (
                "plt.savefig('x.png')",
                "ValueError: savefig: gradstep writes SVG files only (use a name ending in .svg), not 'png'"
            ),
            ("plt.imshow(np.zeros((1, 28, 28)))", "TypeError: Invalid shape (1, 28, 28) for image data"),
            (
                "plt.plot([1, 2], [1, 2, 3])",
                "ValueError: x and y must have same first dimension, but have shapes (2,) and (3,)"
            ),
            (
                "plt.plot([1, 2], colour='r')",
                "AttributeError: Line2D.set() got an unexpected keyword argument 'colour'"
            ),
        ] {
            XCTAssertThrowsError(try run("import matplotlib.pyplot as plt\nimport numpy as np\n" + src), src) { e in
                XCTAssertEqual((e as? ScriptError)?.shortDescription, message, src)
            }
        }
    }

    func testImportForms() throws {
        let (out, _) = try run(
            """
            import matplotlib
            matplotlib.use('Agg')
            from matplotlib import pyplot as plt
            import matplotlib.pyplot as p2
            print(plt is p2, plt.figure())
            """)
        XCTAssertEqual(out, ["True <Figure size 640x480 with 1 Axes>"])
    }

    /// gradstep's own plot() with x values, axis labels and several named series draws a figure.
    func testPlotBuiltinWithXValuesAndLabels() throws {
        let (_, figs) = try run(
            """
            plot([3.0, 2.0, 1.5], x=[1, 2, 3], xlabel='epoch', ylabel='loss', title='Loss')
            plot({'train': [0.5, 0.7], 'test': [0.4, 0.6]})
            """)
        XCTAssertEqual(figs.count, 2)
        let a = figs[0].axes[0]
        XCTAssertEqual(a.title, "Loss")
        XCTAssertEqual(a.xLabel, "epoch")
        XCTAssertEqual(a.yLabel, "loss")
        guard case let .line(xs, ys, _, _, _, _) = a.artists[0] else { return XCTFail() }
        XCTAssertEqual(xs, [1, 2, 3])
        XCTAssertEqual(ys, [3, 2, 1.5])
        XCTAssertEqual(figs[1].axes[0].labels.map(\.label), ["train", "test"])
        XCTAssertTrue(figs[1].axes[0].legend)
        XCTAssertThrowsError(try run("plot([1, 2], x=[1])")) { e in
            XCTAssertEqual((e as? ScriptError)?.shortDescription, "ValueError: plot(): x has 1 values but values has 2")
        }
    }
}
