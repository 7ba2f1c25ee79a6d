"""Generated protobuf modules (pmkit.v1.*_pb2); need google.protobuf.

The build generates them from proto/pmkit/v1/*.proto next to this file. They
are kept in a subpackage so that ``import pmkit`` never imports protobuf.
"""
