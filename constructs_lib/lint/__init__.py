"""Lint Kubernetes manifests with the project's Rego policy pack (run by conftest).

``python -m constructs_lib lint PATH...`` is the command line; :func:`lint` the library
entry point. Nothing here imports cdk8s.
"""
