# Parses a few standard-library modules, rewrites them from their syntax trees and counts node kinds.
import ast, collections, sys
counts = collections.Counter()
for name in sys.argv[1:]:
    with open(name) as f:
        tree = ast.parse(f.read(), name)
    for node in ast.walk(tree):
        counts[type(node).__name__] += 1
    text = ast.unparse(tree)
    print(name, len(text), sum(counts.values()))
print(counts.most_common(5))
