from setuptools import setup
setup(name="tool", version="1.0", packages=["tool"], entry_points={"console_scripts": ["tool=tool.main:run"]})
