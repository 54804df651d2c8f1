from setuptools import setup, find_packages

setup(
    name="nginx-lint",
    version="0.1.0",
    packages=find_packages(),
    install_requires=["pyparsing>=1.5.5", "argparse>=1.4.0"],
    entry_points={"console_scripts": ["nginx-lint=nginx_lint.cli:main"]},
)
