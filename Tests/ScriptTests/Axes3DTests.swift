import GradFigure
import GradScript
// 3-D axes as tutorials use them at the end of a program (MorvanZhou's autoencoder: `ax = Axes3D(fig)`,
// `ax.text(x, y, z, s, backgroundcolor=cm.rainbow(i))`, `ax.set_zlim(...)`): the program runs to the
// end, plot/scatter draw the x-y projection, surfaces are refused by name. The colormap colours are
// matplotlib 3.11's (printed by `cm.rainbow(...)`, `cm.gray(0.25)`, `cm.binary(3)` there).
import XCTest

final class Axes3DTests: XCTestCase {
    func run(_ src: String) throws -> (out: [String], figures: [Figure]) {
        let interp = Interpreter()
        var out: [String] = [], figs: [Figure] = []
        interp.output = { out.append($0) }
        interp.display = { if case .figure(let f) = $0 { figs.append(f) } }
        try interp.execute(src)
        return (out, figs)
    }

    func testAutoencoderEndingRunsAndScatterDrawsTheProjection() throws {
        let (out, figs) = try run(
            """
            import numpy as np
            import matplotlib.pyplot as plt
            from matplotlib import cm
            from mpl_toolkits.mplot3d import Axes3D
            fig = plt.figure(2); ax = Axes3D(fig)
            X, Y, Z = np.array([0.0, 1.0, 2.0]), np.array([1.0, 0.0, 2.0]), np.array([3.0, 1.0, 0.0])
            for x, y, z, s in zip(X, Y, Z, [1, 2, 3]):
                c = cm.rainbow(int(255 * s / 9)); ax.text(x, y, z, s, backgroundcolor=c)
            ax.set_xlim(X.min(), X.max()); ax.set_ylim(Y.min(), Y.max()); ax.set_zlim(Z.min(), Z.max())
            fig2 = plt.figure()
            ax2 = fig2.add_subplot(111, projection='3d')
            ax2.scatter(X, Y, Z, c='r')
            print(type(ax2).__name__, ax)
            plt.show()
            print('done')
            """)
        XCTAssertEqual(out, ["Axes3D <Axes3D: >", "done"])
        let scatter = figs.flatMap { $0.axes.flatMap(\.artists) }.compactMap { a -> [Double]? in
            if case .scatter(let x, let y, _, _) = a { return x + y }
            return nil
        }
        XCTAssertEqual(scatter, [[0, 1, 2, 1, 0, 2]])
    }

    func testColormapColoursAreMatplotlibs() throws {
        let (out, _) = try run(
            "from matplotlib import cm\nprint(cm.rainbow(0), cm.rainbow(100))\nprint(cm.rainbow(0.5), cm.gray(0.25), "
                + "cm.binary(3))")
        XCTAssertEqual(
            out,
            [
                "(0.5, 0.0, 1.0, 1.0) (0.28431372549019607, 0.9431544344712774, 0.8161969123562217, 1.0)",
                "(0.503921568627451, 0.9999810273487268, 0.7049255469061472, 1.0) (0.25098039215686274, "
                    + "0.25098039215686274, 0.25098039215686274, 1.0) (0.9882352941176471, 0.9882352941176471, "
                    + "0.9882352941176471, 1.0)",
            ])
    }

    func testSurfacesAndOtherProjectionsAreRefusedByName() {
        for (src, message) in [
            (
                "ax = plt.figure().add_subplot(projection='3d')\nax.plot_surface(1, 2, 3)",
                "mpl_toolkits.mplot3d.Axes3D.plot_surface is not supported by gradstep (3-D axes are drawn as their "
                    + "x-y projection)"
            ),
            ("plt.subplot(111, projection='polar')", "subplot(projection='polar') is not supported by gradstep"),
        ] {
            XCTAssertThrowsError(try run("import matplotlib.pyplot as plt\n" + src)) { e in
                XCTAssertEqual((e as? ScriptError)?.message, message)
            }
        }
    }
}
