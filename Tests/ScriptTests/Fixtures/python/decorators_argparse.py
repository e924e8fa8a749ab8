# Context managers used as decorators, argparse in a script run without arguments, vars(), print to
# standard error.
import argparse
import sys

import torch


@torch.no_grad()
def evaluate(x):
    return (x * 2).requires_grad, torch.is_grad_enabled()


@torch.inference_mode()
def predict(x):
    return x + 1


w = torch.ones(2, requires_grad=True)
print(evaluate(w), torch.is_grad_enabled(), predict(w).requires_grad, (w + 1).requires_grad)
with torch.inference_mode():
    print((w * 3).requires_grad)


def main():
    parser = argparse.ArgumentParser(description='PyTorch MNIST Example')
    parser.add_argument('--batch-size', type=int, default=64, metavar='N',
                        help='input batch size for training (default: 64)')
    parser.add_argument('--lr', type=float, default=1.0, metavar='LR', help='learning rate (default: 1.0)')
    parser.add_argument('--no-accel', action='store_true', help='disables accelerator')
    parser.add_argument('--dry-run', action='store_true', default=False, help='quickly check a single pass')
    parser.add_argument('--save-model', action=argparse.BooleanOptionalAction, default=False)
    args = parser.parse_args()
    print(args.batch_size, args.lr, args.no_accel, args.dry_run, args.save_model)
    print(vars(args))
    print(vars(parser.parse_args(['--no-save-model', '--lr', '0.5'])))
    print('warning: no accelerator', file=sys.stderr)
    print('a', 'b', sep='-', end='!\n', flush=True)
    print('x', end='')
    print('y', file=sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main())
